// The consoles' commands in the twin (scenarios/console-operations.scenario.json): every
// command ends in one console.op event whose outcome is what the cluster's permissions and the
// manual's rules say; a command the file gets wrong is an input error.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace edgetwin::test {
namespace {

const std::string kScenarios = EDGETWIN_SCENARIOS;

std::vector<nlohmann::json> events_of_kind(const fs::path& events, const std::string& kind) {
  std::vector<nlohmann::json> out;
  std::istringstream lines(slurp(events));
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);
    if (j.value("kind", "") == kind) out.push_back(std::move(j));
  }
  return out;
}

TEST(ConsoleOperations, EachCommandEndsAsThePermissionsAndRulesSay) {
  const fs::path events = scratch("console.events.jsonl");
  const Outcome o = edgetwin("run " + kScenarios + "/console-operations.scenario.json --events " +
                             events.string());
  ASSERT_EQ(o.status, 0) << o.out;
  // (op, actor, outcome) in the scenario's order.
  const std::vector<std::vector<std::string>> expected{
      {"login", "iotedgeadmin", "accepted"},     // the default password opens a session...
      {"view-apps", "iotedgeadmin", "refused"},  // ...that may only change it
      {"login", "iotedgeadmin", "refused"},      // a wrong password
      {"change-password", "iotedgeadmin", "accepted"},
      {"view-apps", "iotedgeadmin", "accepted"},
      {"create-user", "admin", "accepted"},
      {"create-user", "admin", "refused"},  // no phone
      {"create-user", "admin", "refused"},  // alice's phone
      {"create-user", "carol", "denied"},   // not the owner
      {"grant", "admin", "accepted"},
      {"grant", "carol", "denied"},  // only the owner grants
      {"node-create", "carol", "accepted"},
      {"node-create", "bob", "denied"},
      {"node-script", "carol", "accepted"},
      {"node-script", "bob", "denied"},
      {"cluster-edit", "carol", "accepted"},
      {"cluster-edit", "carol", "denied"},  // O&M on s001 only
      {"reset-password", "bob", "denied"},
      {"reset-password", "carol", "accepted"},
      {"view-apps", "iotedgeadmin", "refused"},  // the reset ended the session
      {"login", "iotedgeadmin", "refused"},      // the changed password is gone
      {"login", "iotedgeadmin", "accepted"},     // the default is back
      {"view-apps", "iotedgeadmin", "refused"},  // and must be changed again
      {"node-delete", "carol", "accepted"},
      {"revoke", "admin", "accepted"},
      {"node-create", "carol", "denied"},  // revoked
  };
  const auto ops = events_of_kind(events, "console.op");
  ASSERT_EQ(ops.size(), expected.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    SCOPED_TRACE(ops[i].dump());
    EXPECT_EQ(ops[i]["op"], expected[i][0]);
    EXPECT_EQ(ops[i]["actor"], expected[i][1]);
    EXPECT_EQ(ops[i]["outcome"], expected[i][2]);
  }
  // Denials name the missing permission; the rules say what they refuse.
  EXPECT_NE(ops[8]["why"].get<std::string>().find("lacks the owner permission"), std::string::npos);
  EXPECT_NE(ops[12]["why"].get<std::string>().find("lacks the O&M permission"), std::string::npos);
  EXPECT_EQ(ops[6]["why"], "phone number required");
  EXPECT_EQ(ops[7]["why"], "phone number already used by another user");
  EXPECT_EQ(ops[1]["why"], "the password must be changed first");
  // The edge console's own record on the box, and the cloud's audit trail, with no password.
  EXPECT_EQ(events_of_kind(events, "edge_console").size(), 10u);
  EXPECT_FALSE(events_of_kind(events, "audit").empty());
  EXPECT_EQ(slurp(events).find("North-gate-2026"), std::string::npos);
  EXPECT_EQ(slurp(events).find("alice-pass-1"), std::string::npos);
}

void expect_input_error(const std::string& command, const std::string& message) {
  const fs::path path = scratch("bad-console.scenario.json");
  std::ofstream(path) << R"({ "format": "edgetwin.scenario/v1", "name": "bad", "fleet": ")"
                      << kScenarios << R"(/two-site.fleet.json", "duration_s": 60,
  "console": [ )" << command
                      << " ] }\n";
  const Outcome o = edgetwin("validate " + path.string());
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find(path.string() + ":2:"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(message), std::string::npos) << o.out;
}

TEST(ConsoleOperations, CommandsTheFileGetsWrongAreInputErrors) {
  expect_input_error(R"({ "at_s": 1, "op": "format-disk", "actor": "admin", "site": "s001" })",
                     "unsupported op 'format-disk'");
  expect_input_error(
      R"({ "at_s": 1, "op": "login", "actor": "iotedgeadmin", "site": "s001", "box": "s002-a", "password": "x" })",
      "box 's002-a' is not a box of site 's001'");
  expect_input_error(
      R"({ "at_s": 1, "op": "grant", "actor": "admin", "site": "s001", "account": "carol", "permissions": ["root"] })",
      "expected a permission");
  expect_input_error(
      R"({ "at_s": 1, "op": "node-create", "actor": "admin", "site": "s001", "box": "n1", "phone": "1" })",
      "unknown field 'phone' for op 'node-create'");
  expect_input_error(
      R"({ "at_s": 1, "op": "change-password", "actor": "iotedgeadmin", "site": "s001", "box": "s001-a", "password": "iotedgeadmin" })",
      "new_password");
}

}  // namespace
}  // namespace edgetwin::test
