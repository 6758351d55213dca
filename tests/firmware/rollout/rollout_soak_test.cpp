// A rollout judged on the apps' health after the switch (RolloutConfig::soak): the cloud's
// rollout, app lifecycle and the boxes' reconcilers and health monitors on the test network.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "edgetwin/firmware/agents/box_agent.hpp"
#include "edgetwin/firmware/agents/cloud_agent.hpp"
#include "edgetwin/testing/test_keys.hpp"
#include "edgetwin/testing/test_network.hpp"
#include "fixtures/site_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

constexpr std::uint64_t kMiB = 1024 * 1024;

fw::OrchestratorConfig orchestration() {
  fw::OrchestratorConfig c;
  const fw::ContainerSpec web{"", "web", 2, 4, 2048, 4096, 0, "", true};
  for (const char* version : {"1.0", "1.1"}) c.catalog.add({"web", version, 300, 2, web, {8080}});
  fw::SiteApps site{"s001", {{"s001-a", {40, 262144, 1}}, {"s001-b", {40, 262144, 1}}}, {}};
  site.deployed = {{"web", "1.0"}};
  c.sites = {site};
  return c;
}

fw::BoxConfig box(const std::string& name, const std::string& peer) {
  fw::BoxConfig c = box_config(name, peer, {});
  c.failover = fw::FailoverConfig{name, {40, 262144, 1}, {}};
  return c;
}

// One site running web 1.0; at t = 30 s the cloud rolls web 1.1 out with a 120 s soak.
struct SoakSite {
  explicit SoakSite(bool rollback) {
    for (auto [self, peer] : {std::pair{"s001-a", "s001-b"}, std::pair{"s001-b", "s001-a"}})
      network.add_node(self, [self, peer](fw::Platform& p) {
        return std::make_unique<fw::BoxAgent>(p, box(self, peer));
      });
    network.add_node("cloud", [rollback](fw::Platform& p) {
      auto cloud = std::make_unique<fw::CloudAgent>(
          p, std::vector<fw::CloudInventoryEntry>{{"s001-a", "s001"}, {"s001-b", "s001"}},
          Duration::seconds(30), fw::ActivationServiceConfig{}, test_cloud_keys());
      cloud->set_orchestration(orchestration());
      fw::RolloutConfig config;
      config.plan.system = "smart-community";
      config.plan.pause_if_failed_sites = 1;
      config.images = {{"web", "1.1", 30 * kMiB}};
      config.sites = {{"s001", {"s001-a", "s001-b"}}};
      config.start_after = Duration::seconds(30);
      config.soak = Duration::seconds(120);
      config.rollback_on_failure = rollback;
      cloud->set_rollout(config);
      return cloud;
    });
    for (const char* n : {"cloud", "s001-a", "s001-b"}) network.node(n).power_on();
  }
  TestPlatform& cloud() { return network.node("cloud"); }
  const fw::DesiredStateController& controller() {
    return *static_cast<fw::CloudAgent&>(*cloud().agent()).orchestrator()->controller("s001");
  }
  std::vector<std::string> site_states() {
    std::vector<std::string> out;
    for (const auto& e : cloud().recorded("rollout.site")) out.push_back(e.fields["state"]);
    return out;
  }
  double event_time(const std::string& state) {
    for (const auto& e : cloud().recorded("rollout.site"))
      if (e.fields["state"] == state) return e.t.to_seconds();
    return -1;
  }
  // The new version's first replica (web-2: names are never reused, and the rolling upgrade
  // makes no second one before it is ready) crashes at every start.
  void break_new_version() {
    for (const char* n : {"s001-a", "s001-b"})
      network.node(n).test_runtime().set_crash_looping("web-2", true);
  }

  TestNetwork network;
};

TEST(RolloutSoak, AHealthySiteIsReadyOnlyAfterItsAppsStayedReadyForTheSoak) {
  SoakSite site(false);
  site.network.run_for(Duration::seconds(600));
  EXPECT_EQ(site.site_states(), (std::vector<std::string>{"ordered", "switched", "ready"}));
  EXPECT_GE(site.event_time("ready") - site.event_time("switched"), 120.0);
  EXPECT_EQ(site.controller().apps().at("web").version, "1.1");
  ASSERT_EQ(site.cloud().recorded("rollout.done").size(), 1u);
}

TEST(RolloutSoak, ACrashingVersionFailsTheSiteAndPausesTheRollout) {
  SoakSite site(false);
  site.break_new_version();
  site.network.run_for(Duration::seconds(600));
  EXPECT_EQ(site.site_states(), (std::vector<std::string>{"ordered", "switched", "failed"}));
  // Judged within the soak of the switch, not after the site timeout.
  EXPECT_LE(site.event_time("failed") - site.event_time("switched"), 120.0 + 5.0);
  EXPECT_EQ(site.cloud().recorded("rollout.paused").size(), 1u);
  EXPECT_TRUE(site.cloud().recorded("rollout.done").empty());
  EXPECT_EQ(site.controller().apps().at("web").version, "1.1") << "pause leaves it as it is";
}

TEST(RolloutSoak, WithRollbackTheFailedSiteReturnsToThePreviousVersion) {
  SoakSite site(true);
  site.break_new_version();
  site.network.run_for(Duration::seconds(900));
  EXPECT_EQ(site.site_states(), (std::vector<std::string>{"ordered", "switched", "failed",
                                                          "rolling_back", "rolled_back"}));
  EXPECT_EQ(site.controller().apps().at("web").version, "1.0");
  // Every replica is of 1.0 again and ready.
  for (const auto& [name, replica] : site.controller().replicas()) {
    EXPECT_EQ(replica.version, "1.0") << name;
    EXPECT_TRUE(replica.ready) << name;
  }
  const auto rolled = site.cloud().recorded("rollout.site").back();
  EXPECT_GT(rolled.fields["rollback_s"].get<double>(), 0.0);
}

}  // namespace
}  // namespace edgetwin::testing
