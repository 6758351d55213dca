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
      {"login", "iotedgeadmin", "accepted"},  // s002-a, while its WAN is up
      {"change-password", "iotedgeadmin", "accepted"},
      {"reset-password", "admin", "accepted"},  // on its way: s002's WAN is down
      {"login", "iotedgeadmin", "accepted"},    // not there yet: the new password still works
      {"login", "iotedgeadmin", "accepted"},    // the link is back: the default works
      {"view-apps", "iotedgeadmin", "refused"},  // and must be changed again
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
  EXPECT_EQ(events_of_kind(events, "edge_console").size(), 16u);
  EXPECT_FALSE(events_of_kind(events, "audit").empty());
  EXPECT_EQ(slurp(events).find("North-gate-2026"), std::string::npos);
  EXPECT_EQ(slurp(events).find("alice-pass-1"), std::string::npos);
}

// The resets went to the boxes as console commands over their cloud links (issue 21, item 1):
// each sent once by the cloud, applied by the box (in the box's own audit trail), and the one
// to s002-a, whose WAN was down from 70 s to 110 s, answered only once the link was back.
TEST(ConsoleOperations, AResetCrossesTheCloudLinkAndWaitsOutAWanOutage) {
  const fs::path events = scratch("console-wire.events.jsonl");
  const fs::path result = scratch("console-wire.result.json");
  const Outcome o = edgetwin("run " + kScenarios + "/console-operations.scenario.json --events " +
                             events.string() + " --result " + result.string());
  ASSERT_EQ(o.status, 0) << o.out;
  std::vector<nlohmann::json> sent, done;
  for (auto& e : events_of_kind(events, "console.command"))
    (e["phase"] == "sent" ? sent : done).push_back(e);
  ASSERT_EQ(sent.size(), 2u);
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0]["node"], "s001-a");
  EXPECT_EQ(done[0]["attempts"], 1);
  EXPECT_EQ(done[1]["node"], "s002-a");
  EXPECT_EQ(done[1]["outcome"], "applied");
  EXPECT_GT(done[1]["attempts"].get<int>(), 1);  // re-sent while the WAN was down
  EXPECT_GE(done[1]["t"].get<double>(), 110.0);
  EXPECT_EQ(done[1]["id"], sent[1]["id"]);
  // Each box audited the reset it ran, for whom the cloud ran it.
  int box_audits = 0;
  for (auto& e : events_of_kind(events, "audit"))
    box_audits += e["command"] == "password_reset" &&
                  e.value("target", "").find("cloud command") != std::string::npos;
  EXPECT_EQ(box_audits, 2);
  const auto metrics = nlohmann::json::parse(slurp(result))["metrics"];
  EXPECT_EQ(metrics["console_commands_applied"], 2);
  EXPECT_EQ(metrics["console_commands_pending"], 0);
  EXPECT_GE(metrics["console_command_s"]["by_site"]["s002"].get<double>(), 35.0);
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
