// Generic nodes in the twin (scenarios/generic-node-join.scenario.json, issue 21 item 2): the
// start script joins a customer's server to its site's cluster with the next pod subnet, the
// scheduler places a new replica there (never a data one), and when the node dies the cloud
// reschedules it on a box. A fleet that names a generic node badly is an input error.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace edgetwin::test {
namespace {

const std::string kScenarios = EDGETWIN_SCENARIOS;

std::vector<nlohmann::json> events_of(const fs::path& events) {
  std::vector<nlohmann::json> out;
  std::istringstream lines(slurp(events));
  for (std::string line; std::getline(lines, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

std::vector<nlohmann::json> of_kind(const std::vector<nlohmann::json>& all,
                                    const std::string& kind) {
  std::vector<nlohmann::json> out;
  for (const auto& e : all)
    if (e.value("kind", "") == kind) out.push_back(e);
  return out;
}

// The first time `container` is ready on `box`; -1: never.
double ready_at(const std::vector<nlohmann::json>& all, const std::string& box,
                const std::string& container) {
  for (const auto& e : of_kind(all, "container.ready"))
    if (e.value("box", "") == box && e.value("container", "") == container &&
        e.value("ready", false))
      return e["t"].get<double>();
  return -1;
}

TEST(GenericNodes, StartScriptJoinsTheNodeWhichTakesAReplicaUntilItDies) {
  const fs::path events = scratch("generic.events.jsonl");
  const Outcome o = edgetwin("run " + kScenarios + "/generic-node-join.scenario.json --events " +
                             events.string());
  ASSERT_EQ(o.status, 0) << o.out;
  const auto all = events_of(events);
  std::vector<std::string> outcomes;
  for (const auto& e : of_kind(all, "console.op"))
    outcomes.push_back(e.value("op", "") + " " + e.value("actor", "") + " " +
                       e.value("outcome", ""));
  EXPECT_EQ(outcomes,
            (std::vector<std::string>{"node-script admin refused",  // no such node yet
                                      "node-create bob denied",     // no O&M
                                      "node-create admin accepted", "node-script admin accepted"}));
  // The script's token is said as an activation.code event (its field once clobbered the
  // event's kind, so the stream had a "join_token" kind instead).
  const auto codes = of_kind(all, "activation.code");
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0]["node"], "node-1");
  EXPECT_EQ(codes[0]["credential"], "join_token");
  EXPECT_TRUE(of_kind(all, "join_token").empty());
  const auto joined = of_kind(all, "node.joined");
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0]["node"], "node-1");
  EXPECT_EQ(joined[0]["ip"], "192.168.1.101");
  EXPECT_EQ(joined[0]["ip_segment"], "192.168.1.0/24");
  EXPECT_EQ(joined[0]["pod_subnet"], "10.42.2.0/24") << "the boxes hold 10.42.0.0 and 10.42.1.0";
  EXPECT_GT(joined[0]["t"].get<double>(), 40.0) << "not before its script";
  // The scale-out at 300 s lands on the node; the crash at 420 s moves it to a box.
  const double on_node = ready_at(all, "node-1", "visitor-portal-2");
  EXPECT_GT(on_node, 300.0);
  EXPECT_LT(on_node, 420.0);
  for (const auto& e : of_kind(all, "container.ready"))
    EXPECT_FALSE(e.value("box", "") == "node-1" && e.value("container", "").rfind("mysql", 0) == 0)
        << "a data replica on a generic node";
  const auto evicted = of_kind(all, "node.evicted");
  ASSERT_EQ(evicted.size(), 1u);
  EXPECT_EQ(evicted[0]["replicas"], nlohmann::json::array({"visitor-portal-2"}));
  const double moved = std::max(ready_at(all, "s001-a", "visitor-portal-3"),
                                ready_at(all, "s001-b", "visitor-portal-3"));
  EXPECT_GT(moved, 448.0) << "once the cloud lists the node offline (30 s without a report)";
  EXPECT_LT(moved, 470.0) << "at once then, not at a box's next report";
}

TEST(GenericNodes, BadNodeNameInTheFleetIsAnInputError) {
  std::string fleet = slurp(kScenarios + "/one-site-generic-node.fleet.json");
  const std::string good = "\"name\": \"node-1\"";
  ASSERT_NE(fleet.find(good), std::string::npos);
  fleet.replace(fleet.find(good), good.size(), "\"name\": \"Node_1\"");
  const fs::path file = scratch("bad-generic.fleet.json");
  std::ofstream(file) << fleet;
  const Outcome o = edgetwin("validate " + file.string());
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find(file.string() + ":30:"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("generic node name 'Node_1' breaks the node naming rule"), std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("/sites/0/generic_nodes/0/name"), std::string::npos) << o.out;
}

}  // namespace
}  // namespace edgetwin::test
