#include "edgetwin/firmware/orchestration/desired_state_controller.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edgetwin::fw {
namespace {

AppVersion app(const std::string& name, const std::string& version, int replicas, double cpu,
               const std::string& priority = "", std::vector<int> ports = {}) {
  AppVersion v;
  v.app = name;
  v.version = version;
  v.replicas = replicas;
  v.spec.cpu_request = cpu;
  v.spec.cpu_limit = cpu;
  v.spec.memory_request_mib = 1024;
  v.spec.memory_limit_mib = 1024;
  v.spec.priority = priority;
  v.host_ports = std::move(ports);
  return v;
}

struct Site {
  AppCatalog catalog;
  Site() {
    EXPECT_TRUE(catalog.add(app("access", "1.0", 2, 4, "critical", {8080})));
    EXPECT_TRUE(catalog.add(app("mysql", "8.0", 2, 8)));
    EXPECT_TRUE(catalog.add(app("batch", "1.0", 2, 30, "low")));
    EXPECT_TRUE(catalog.add(app("vision", "5.0", 2, 30, "high")));
  }
  DesiredStateController controller() {
    return DesiredStateController(catalog,
                                  {{"s001-a", {40, 262144, 1}}, {"s001-b", {40, 262144, 1}}});
  }
};

std::vector<std::string> names(const BoxDesiredState& s) {
  std::vector<std::string> out;
  for (const auto& c : s.containers) out.push_back(c.name);
  return out;
}

TEST(AppCatalog, VersionsOrderNumerically) {
  EXPECT_LT(compare_versions("1.9", "1.10"), 0);
  EXPECT_EQ(compare_versions("2.0", "2.0"), 0);
  EXPECT_GT(compare_versions("8.0.1", "8.0"), 0);
  EXPECT_LT(compare_versions("1.0-beta", "1.0-rc"), 0);
  AppCatalog catalog;
  for (const char* v : {"1.10", "1.9", "1.0"}) ASSERT_TRUE(catalog.add(app("web", v, 1, 1)));
  EXPECT_EQ(catalog.versions("web"), (std::vector<std::string>{"1.0", "1.9", "1.10"}));
  EXPECT_FALSE(catalog.add(app("web", "1.9", 1, 1)));
  EXPECT_TRUE(catalog.add_system({"smart-community", "1", {{"web", "1.9"}}}));
  EXPECT_FALSE(catalog.add_system({"smart-community", "2", {{"web", "3.0"}}}));
}

TEST(DesiredStateController, DeployPlacesReplicasApartAndBumpsTheGeneration) {
  Site site;
  auto c = site.controller();
  const auto g0 = c.generation();
  ASSERT_TRUE(c.deploy("access", "1.0"));
  ASSERT_TRUE(c.deploy("mysql", "8.0"));
  EXPECT_GT(c.generation(), g0);
  EXPECT_EQ(names(c.box_state("s001-a")), (std::vector<std::string>{"access-0", "mysql-0"}));
  EXPECT_EQ(names(c.box_state("s001-b")), (std::vector<std::string>{"access-1", "mysql-1"}));
  EXPECT_EQ(c.box_state("s001-a").generation, c.generation());
  EXPECT_EQ(c.deploy("mysql", "8.0").error().kind, OpErrorKind::already_deployed);
  EXPECT_EQ(c.deploy("redis", "7.0").error().kind, OpErrorKind::unknown_version);
}

TEST(DesiredStateController, ScaleInAndOutAndDelete) {
  Site site;
  auto c = site.controller();
  ASSERT_TRUE(c.deploy("mysql", "8.0", 1));
  ASSERT_TRUE(c.scale("mysql", 4));
  EXPECT_EQ(c.replicas_of("mysql").size(), 4u);
  EXPECT_EQ(c.box_state("s001-a").containers.size(), 2u);  // two per box, skew <= 1
  for (const auto& n : c.replicas_of("mysql")) c.set_ready(n, true);
  c.set_ready("mysql-1", false);
  ASSERT_TRUE(c.scale("mysql", 2));
  // Not-ready first, then the newest.
  EXPECT_EQ(c.replicas_of("mysql"), (std::vector<std::string>{"mysql-0", "mysql-2"}));
  EXPECT_EQ(c.scale("mysql", 65).error().kind, OpErrorKind::bad_replicas);
  ASSERT_TRUE(c.remove("mysql"));
  EXPECT_TRUE(c.replicas().empty());
  EXPECT_TRUE(c.box_state("s001-a").containers.empty());
  EXPECT_EQ(c.scheduler().node("s001-a")->requested.cpu, 0);
  EXPECT_EQ(c.remove("mysql").error().kind, OpErrorKind::not_deployed);
}

TEST(DesiredStateController, HigherPriorityPreemptsAndTheVictimStaysPending) {
  Site site;
  auto c = site.controller();
  ASSERT_TRUE(c.deploy("batch", "1.0"));   // 30 CPUs on each box, low
  ASSERT_TRUE(c.deploy("vision", "5.0"));  // 30 CPUs each, high: evicts both batch replicas
  EXPECT_EQ(c.replicas_of("batch").size(), 0u);
  EXPECT_EQ(c.replicas_of("vision").size(), 2u);
  EXPECT_NE(c.apps().at("batch").blocked.find("2 replica(s) pending"), std::string::npos);
  // Once vision goes, step() places the pending batch replicas again.
  ASSERT_TRUE(c.remove("vision"));
  EXPECT_EQ(c.replicas_of("batch").size(), 2u);
  EXPECT_TRUE(c.apps().at("batch").blocked.empty());
}

TEST(DesiredStateController, ADownBoxTakesNothingNewAndItsReplicasAreNotReady) {
  Site site;
  auto c = site.controller();
  c.set_node_up("s001-b", false);
  ASSERT_TRUE(c.deploy("mysql", "8.0"));
  EXPECT_EQ(c.box_state("s001-a").containers.size(), 2u);
  EXPECT_TRUE(c.box_state("s001-b").containers.empty());
}


// A generic node joins after the controller was made: it takes new stateless replicas (the
// spread puts the next one there), never a stateful one, and nothing moves on its arrival.
TEST(DesiredStateController, GenericNodeTakesNewStatelessReplicasOnly) {
  Site site;
  site.catalog.add(app("web", "1.0", 2, 1));
  site.catalog.add([] {
    auto v = app("db", "1.0", 2, 2);
    v.spec.stateless = false;
    return v;
  }());
  auto c = site.controller();
  ASSERT_TRUE(c.deploy("web", "1.0"));
  ASSERT_TRUE(c.deploy("db", "1.0"));
  const auto generation = c.generation();
  ASSERT_TRUE(c.add_node({"rack-01", {8, 16384, 0}}, true));
  EXPECT_FALSE(c.add_node({"rack-01", {8, 16384, 0}}, true)) << "one node of a name";
  EXPECT_EQ(c.generation(), generation) << "running replicas stay where they are";
  EXPECT_TRUE(c.box_state("rack-01").containers.empty());
  ASSERT_TRUE(c.scale("web", 3));
  EXPECT_EQ(names(c.box_state("rack-01")), std::vector<std::string>{"web-2"});
  ASSERT_TRUE(c.scale("db", 3));
  EXPECT_EQ(c.replicas().at("db-2").node.rfind("s001-", 0), 0u) << "no data replica there";
  ASSERT_TRUE(c.scale("db", 2));
  // The node dies: its stateless replica is created again on a box, under a new name.
  c.set_node_up("rack-01", false);
  EXPECT_EQ(c.evict_node("rack-01"), std::vector<std::string>{"web-2"});
  EXPECT_TRUE(c.box_state("rack-01").containers.empty());
  ASSERT_EQ(c.replicas_of("web").size(), 3u);
  EXPECT_EQ(c.replicas().at("web-3").node.rfind("s001-", 0), 0u);
  EXPECT_TRUE(c.apps().at("web").blocked.empty()) << c.apps().at("web").blocked;
}

}  // namespace
}  // namespace edgetwin::fw
