// App lifecycle end to end on the test network: the cloud's AppOrchestrator, the
// desired-state channel and the boxes' reconcilers (docs/orchestration.md).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "edgetwin/firmware/agents/box_agent.hpp"
#include "edgetwin/firmware/agents/cloud_agent.hpp"
#include "edgetwin/firmware/orchestration/desired_messages.hpp"
#include "edgetwin/firmware/wire/wire.hpp"
#include "edgetwin/testing/test_network.hpp"
#include "edgetwin/testing/test_keys.hpp"
#include "fixtures/site_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

fw::ContainerSpec web_spec() { return {"", "web", 2, 4, 2048, 4096, 0, "", true}; }

fw::OrchestratorConfig orchestration(bool deployed) {
  fw::OrchestratorConfig c;
  for (const char* version : {"1.0", "1.1"})
    c.catalog.add({"web", version, 300, 2, web_spec(), {8080}});
  fw::SiteApps site{"s001", {{"s001-a", {40, 262144, 1}}, {"s001-b", {40, 262144, 1}}}, {}};
  if (deployed) site.deployed = {{"web", "1.0"}};
  c.sites = {site};
  c.grants = {{"carol", "s001", {fw::Permission::deploy}}};
  return c;
}

fw::BoxConfig box(const std::string& name, const std::string& peer) {
  fw::BoxConfig c = box_config(name, peer, {});
  c.failover = fw::FailoverConfig{name, {40, 262144, 1}, {}};
  return c;
}

struct Site {
  explicit Site(bool deployed = false) {
    for (auto [self, peer] : {std::pair{"s001-a", "s001-b"}, std::pair{"s001-b", "s001-a"}})
      network.add_node(self, [self, peer](fw::Platform& p) {
        return std::make_unique<fw::BoxAgent>(p, box(self, peer));
      });
    network.add_node("cloud", [deployed](fw::Platform& p) {
      auto cloud = std::make_unique<fw::CloudAgent>(
          p, std::vector<fw::CloudInventoryEntry>{{"s001-a", "s001"}, {"s001-b", "s001"}},
          Duration::seconds(30), fw::ActivationServiceConfig{}, test_cloud_keys());
      cloud->set_orchestration(orchestration(deployed));
      return cloud;
    });
    for (const char* n : {"cloud", "s001-a", "s001-b"}) network.node(n).power_on();
    network.run_for(Duration::seconds(15));  // the boxes report: the node list has them running
  }
  fw::AppOrchestrator& orchestrator() {
    return *static_cast<fw::CloudAgent&>(*network.node("cloud").agent()).orchestrator();
  }
  std::optional<std::string> operate(fw::Command command, const std::string& actor = "admin",
                                     const std::string& version = "", int replicas = -1,
                                     fw::RollingStrategy strategy = {1, 0}) {
    return orchestrator().operate({actor, "s001", command, "web", version, replicas, strategy});
  }
  std::vector<std::string> web_running() {
    std::vector<std::string> out;
    for (const char* n : {"s001-a", "s001-b"})
      for (const auto& c : network.node(n).test_runtime().containers())
        if (c.spec.app == "web" && c.state == fw::ContainerState::running) out.push_back(c.spec.name);
    return out;
  }
  // Web replicas running and ready by their box's health monitor.
  std::size_t web_serving() {
    std::size_t n = 0;
    for (const char* name : {"s001-a", "s001-b"}) {
      auto& node = network.node(name);
      const auto* health = static_cast<fw::BoxAgent&>(*node.agent()).health();
      for (const auto& c : node.test_runtime().containers())
        n += c.spec.app == "web" && c.state == fw::ContainerState::running &&
             health->ready(c.spec.name) == true;
    }
    return n;
  }
  std::uint64_t generation() { return orchestrator().controller("s001")->generation(); }

  TestNetwork network;
};

TEST(SiteDesiredStateCodec, RoundTripKeepsSpecsExact) {
  fw::ContainerSpec c{"web-0", "web", 0.1, 0.3, 100.5, 1e3, 1, "critical", false};
  fw::SiteDesiredState s{"s001", 7, {{"s001-a", {c}}, {"s001-b", {}}}};
  const auto bytes = s.encode();
  ASSERT_TRUE(bytes);
  const auto back = fw::SiteDesiredState::decode(*bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->generation, 7u);
  ASSERT_EQ(back->for_node("s001-a").containers.size(), 1u);
  // Bit-exact: a spec that did not change must not look changed, or the box would restart it.
  EXPECT_TRUE(fw::same_spec(back->for_node("s001-a").containers[0], c));
  EXPECT_TRUE(back->for_node("s001-b").containers.empty());
}

TEST(SiteDesiredStateCodec, RejectsWhatThisFirmwareDidNotWrite) {
  fw::ContainerSpec c{"web-0", "web", 1, 2, 100, 200, 0, "", true};
  fw::SiteDesiredState s{"s001", 1, {{"s001-a", {c}}, {"s001-b", {c}}}};  // a name twice
  ASSERT_TRUE(s.encode());
  EXPECT_FALSE(fw::SiteDesiredState::decode(*s.encode()));
  s.nodes[1].second[0].name = "web-1";
  auto bytes = *s.encode();
  EXPECT_TRUE(fw::SiteDesiredState::decode(bytes));
  bytes.push_back(std::byte{0});  // padded
  EXPECT_FALSE(fw::SiteDesiredState::decode(bytes));
  bytes.resize(bytes.size() - 5);  // truncated
  EXPECT_FALSE(fw::SiteDesiredState::decode(bytes));
  s.nodes[0].second[0].cpu_request = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(fw::SiteDesiredState::decode(*s.encode()));
  s.nodes[0].second.assign(fw::SiteDesiredState::kContainersMax, c);
  EXPECT_FALSE(s.encode());  // more than kDesiredContainersMax: refused, not cut
}

TEST(AppLifecycle, DeployReachesTheBoxesAndSpreadsReplicas) {
  Site site;
  EXPECT_TRUE(site.web_running().empty());
  EXPECT_EQ(site.operate(fw::Command::app_deploy, "admin", "1.0"), std::nullopt);
  site.network.run_for(Duration::seconds(1));
  EXPECT_EQ(site.web_running(), (std::vector<std::string>{"web-0", "web-1"}));
  EXPECT_EQ(site.network.node("s001-a").test_runtime().containers().size(), 1u);  // one each
  site.network.run_for(Duration::seconds(30));
  EXPECT_EQ(site.network.node("cloud").recorded("app.converged").size(), 1u);
}

TEST(AppLifecycle, AnAccountWithoutTheDeployPermissionChangesNothing) {
  Site site(true);
  const auto before = site.generation();
  const auto denied = site.operate(fw::Command::app_scale, "bob", "", 1);
  ASSERT_TRUE(denied);
  EXPECT_NE(denied->find("lacks the deploy permission"), std::string::npos);
  EXPECT_EQ(site.generation(), before);
  EXPECT_EQ(site.orchestrator().operations_denied(), 1u);
  const auto& audit = static_cast<fw::CloudAgent&>(*site.network.node("cloud").agent()).audit();
  ASSERT_FALSE(audit.entries().empty());
  EXPECT_FALSE(audit.entries().back().allowed);
  EXPECT_EQ(site.operate(fw::Command::app_scale, "carol", "", 1), std::nullopt);  // granted
  site.network.run_for(Duration::seconds(1));
  EXPECT_EQ(site.web_running().size(), 1u);
}

TEST(AppLifecycle, RollingUpgradeNeverTakesBothReplicasDown) {
  Site site(true);
  site.network.run_for(Duration::seconds(20));  // readiness reported
  ASSERT_EQ(site.operate(fw::Command::app_upgrade, "admin", "1.1"), std::nullopt);
  for (int s = 0; s < 120; ++s) {
    site.network.run_for(Duration::seconds(1));
    ASSERT_GE(site.web_running().size(), 1u) << "at +" << s << " s";
  }
  // Replicas are never renamed in place: the new version's are web-2 and web-3.
  EXPECT_EQ(site.web_running(), (std::vector<std::string>{"web-2", "web-3"}));
}

TEST(AppLifecycle, AStaleOrForeignDesiredStateIsNotObeyed) {
  Site site(true);
  auto& a = site.network.node("s001-a");
  fw::SiteDesiredState forged{"s001", 1000, {{"s001-a", {}}, {"s001-b", {}}}};
  // From the peer, not the cloud: a box obeys the cloud only.
  site.network.inject("s001-b", "s001-a",
                      seal_as(site.network, "s001-b", "s001-a",
                              fw::encode_envelope(fw::MessageType::desired_state, 1, *forged.encode())));
  site.network.run_for(Duration::seconds(1));
  EXPECT_EQ(site.web_running().size(), 2u);
  EXPECT_LT(static_cast<fw::BoxAgent&>(*a.agent()).desired_state()->reconciler().generation(), 1000u);
}

TEST(AppLifecycle, ABoxRebootedWithoutTheCloudRestoresItsApps) {
  Site site(true);
  site.network.partition("cloud", "s001-a");
  site.network.partition("cloud", "s001-b");
  auto& a = site.network.node("s001-a");
  a.power_off();
  for (const auto& c : a.test_runtime().containers()) a.test_runtime().stop(c.spec.name);
  a.power_on();
  site.network.run_for(Duration::seconds(1));
  EXPECT_EQ(site.web_running().size(), 2u);
}

TEST(AppLifecycle, AnUpgradeDecidedWhileTheSiteIsCutOffRemovesNothingItCannotSee) {
  Site site(true);
  site.network.run_for(Duration::seconds(20));
  site.network.partition("cloud", "s001-a");
  site.network.partition("cloud", "s001-b");
  site.network.run_for(Duration::seconds(60));  // both boxes listed offline
  ASSERT_EQ(site.operate(fw::Command::app_upgrade, "admin", "1.1"), std::nullopt);
  site.network.run_for(Duration::seconds(60));
  site.network.heal("cloud", "s001-a");
  site.network.heal("cloud", "s001-b");
  for (int s = 0; s < 120; ++s) {
    site.network.run_for(Duration::seconds(1));
    ASSERT_GE(site.web_running().size(), 1u) << "at +" << s << " s after the link returned";
  }
  EXPECT_EQ(site.web_running(), (std::vector<std::string>{"web-2", "web-3"}));
  // The link coming back restarted nothing.
  EXPECT_EQ(site.network.node("s001-a").test_runtime().restarts(), 0);
}

// A single replica, and the site's WAN comes back one box at a time: the first box heard must
// not make the cloud take the other (alive on the LAN) for dead and remove its replica before
// the new one serves. Serving here means running and ready by the box's health monitor.
TEST(AppLifecycle, ABoxOnlyTheCloudCannotHearIsNotTakenForDead) {
  Site site;
  ASSERT_EQ(site.operate(fw::Command::app_deploy, "admin", "1.0", 1), std::nullopt);
  site.network.run_for(Duration::seconds(40));
  ASSERT_EQ(site.web_serving(), 1u);
  site.network.partition("cloud", "s001-a");
  site.network.partition("cloud", "s001-b");
  site.network.run_for(Duration::seconds(60));  // both listed offline
  ASSERT_EQ(site.operate(fw::Command::app_upgrade, "admin", "1.1", -1, {0, 1}), std::nullopt);
  site.network.run_for(Duration::seconds(30));
  site.network.heal("cloud", "s001-b");  // b is heard first ...
  for (int s = 0; s < 180; ++s) {
    if (s == 1) site.network.heal("cloud", "s001-a");  // ... a a second later
    site.network.run_for(Duration::seconds(1));
    ASSERT_GE(site.web_serving(), 1u) << "at +" << s << " s after b was heard again";
  }
  EXPECT_EQ(site.web_running(), (std::vector<std::string>{"web-1"}));
}

}  // namespace
}  // namespace edgetwin::testing
