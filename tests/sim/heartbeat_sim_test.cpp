// The firmware's heartbeats in the simulated fleet: detection of a dead box by its peer and by
// the cloud, recovery after reboot, and a WAN cut that the cloud sees but the LAN does not.
#include <gtest/gtest.h>

#include <sstream>

#include "edgetwin/model/scenario.hpp"
#include "edgetwin/sim/engine/runner.hpp"

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

struct SimRun {
  model::Scenario scenario;
  Json result;
  std::vector<Json> events;

  std::vector<Json> of(const std::string& kind) const {
    std::vector<Json> out;
    for (const auto& e : events)
      if (e["kind"] == kind) out.push_back(e);
    return out;
  }
};

SimRun run_file(const std::string& name) {
  auto parsed = model::load_scenario_file(std::string(EDGETWIN_TEST_DATA) + "/" + name);
  for (const auto& e : parsed.errors) ADD_FAILURE() << e.to_string();
  SimRun run{*parsed.value, {}, {}};
  std::stringstream stream;
  run.result = run_scenario(run.scenario, {std::nullopt, &stream, false});
  for (std::string line; std::getline(stream, line);) run.events.push_back(Json::parse(line));
  return run;
}

TEST(HeartbeatSim, PeerAndCloudDetectACrashedBoxWithinTheConfiguredTimes) {
  const SimRun run = run_file("box-crash.scenario.json");
  const auto& mon = run.scenario.fleet.monitoring;
  const auto& site = *run.scenario.fleet.find_site("s001");
  const double hop_s = site.lan.latency_ms / 1000;
  const double wan_hop_s = (site.lan.latency_ms + site.wan.latency_ms + run.scenario.fleet.cloud.latency_ms) / 1000;

  const auto& peer = run.result["metrics"]["peer_detect_s"];
  ASSERT_EQ(peer["count"], 1);
  EXPECT_LE(peer["max"].get<double>(), mon.peer_timeout_ms / 1000.0 + hop_s + 1e-6);
  EXPECT_GE(peer["max"].get<double>(), (mon.peer_timeout_ms - mon.peer_interval_ms) / 1000.0);

  const auto& offline = run.result["metrics"]["offline_detect_s"];
  ASSERT_EQ(offline["count"], 1);
  EXPECT_LE(offline["max"].get<double>(), mon.cloud_offline_after_ms / 1000.0 + wan_hop_s + 1e-6);
  EXPECT_GE(offline["max"].get<double>(), (mon.cloud_offline_after_ms - mon.cloud_interval_ms) / 1000.0);

  // The peer that noticed is s001-b, and it notices the reboot too.
  auto downs = run.of("peer.down");
  ASSERT_EQ(downs.size(), 1u);
  EXPECT_EQ(downs[0]["box"], "s001-b");
  bool back_up = false;
  for (const auto& e : run.of("peer.up"))
    back_up = back_up || (e["box"] == "s001-b" && e["t"].get<double>() > 220);
  EXPECT_TRUE(back_up);
  EXPECT_TRUE(run.result["passed"].get<bool>()) << run.result.dump(2);
}

TEST(HeartbeatSim, RebootedBoxGetsAFreshEpochAndNothingSentToItsPreviousLife) {
  const SimRun run = run_file("box-crash.scenario.json");
  std::vector<int> epochs;
  for (const auto& e : run.of("box.boot"))
    if (e["box"] == "s001-a") epochs.push_back(e["epoch"].get<int>());
  EXPECT_EQ(epochs, (std::vector<int>{1, 2}));
  // Heartbeats and acks sent to s001-a while it was off are lost on the wire (about one peer
  // heartbeat a second for 120 s), and none reaches the rebooted box.
  EXPECT_GE(run.result["metrics"]["datagrams_lost"].get<int>(), 110);
  EXPECT_EQ(run.result["metrics"]["stale_datagrams"].get<int>(), 0);
  EXPECT_EQ(run.result["metrics"]["malformed_datagrams"].get<int>(), 0);
}

TEST(HeartbeatSim, WanCutTakesTheSiteOfflineInTheCloudButNotOnItsLan) {
  const SimRun run = run_file("wan-cut.scenario.json");
  EXPECT_TRUE(run.result["passed"].get<bool>()) << run.result.dump(2);
  for (const auto& e : run.of("peer.down")) ADD_FAILURE() << "unexpected " << e.dump();
  int offline = 0, link_down = 0;
  for (const auto& e : run.of("node.status"))
    offline += e["site"] == "s002" && e["to"] == "offline";
  for (const auto& e : run.of("cloud.link"))
    link_down += e["site"] == "s002" && e["to"] == "down" && e["t"].get<double>() > 100;
  EXPECT_EQ(offline, 2);
  EXPECT_EQ(link_down, 2);  // both boxes know they run on their own
  EXPECT_EQ(run.result["metrics"]["offline_detect_s"]["count"], 2);
}

TEST(HeartbeatSim, RandomCrashesAreDrawnFromTheSeed) {
  const SimRun run = run_file("random-crashes.scenario.json");
  int crashes = 0;
  for (const auto& e : run.of("fault.start")) crashes += e["fault"] == "box-crash";
  // 4 boxes x 96/day x 1 h = 16 expected; a Poisson draw lands well within 4..40.
  EXPECT_GE(crashes, 4);
  EXPECT_LE(crashes, 40);
  EXPECT_GT(run.result["metrics"]["peer_detect_s"]["count"].get<int>(), 0);
}

}  // namespace
}  // namespace edgetwin::sim
