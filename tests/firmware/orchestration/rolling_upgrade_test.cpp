#include "edgetwin/firmware/orchestration/rolling_upgrade.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "edgetwin/firmware/orchestration/app_catalog.hpp"
#include "edgetwin/firmware/orchestration/desired_state_controller.hpp"

namespace edgetwin::fw {
namespace {

TEST(RollingStrategy, BothZeroCannotProgress) {
  EXPECT_TRUE(check_strategy({0, 0}));
  EXPECT_TRUE(check_strategy({-1, 1}));
  EXPECT_FALSE(check_strategy({1, 0}));
  EXPECT_FALSE(check_strategy({0, 1}));
}

TEST(RollingStep, UnreadyOldReplicasGoFirstAndCostNoBudget) {
  const auto step = plan_rolling_step(
      3, {1, 0}, {{"w-0", false, false}, {"w-1", false, true}, {"w-2", false, true}});
  // w-0 is down anyway; with it gone 2 of 3 are ready, the budget (1 down) is spent.
  EXPECT_EQ(step.remove, std::vector<std::string>{"w-0"});
  EXPECT_EQ(step.create, 1);
}

// Plays an upgrade to the end against the controller: after each step some of the new
// replicas become ready, and the number of ready replicas is checked at every instant.
struct Upgrade {
  AppCatalog catalog;
  std::vector<NodeCapacity> nodes{{"s001-a", {40, 262144, 1}}, {"s001-b", {40, 262144, 1}}};

  explicit Upgrade(double cpu = 2, int gpu = 0) {
    for (const char* version : {"1.0", "1.1"}) {
      AppVersion v;
      v.app = "web";
      v.version = version;
      v.replicas = 4;
      v.spec.cpu_request = cpu;
      v.spec.cpu_limit = cpu * 2;
      v.spec.memory_request_mib = 1024;
      v.spec.memory_limit_mib = 2048;
      v.spec.gpu = gpu;
      EXPECT_TRUE(catalog.add(v));
    }
  }

  static void make_ready(DesiredStateController& c, int at_most) {
    for (const auto& [name, r] : c.replicas())
      if (!r.ready && at_most-- > 0) c.set_ready(name, true);
  }
  static int ready(const DesiredStateController& c) {
    return static_cast<int>(std::count_if(c.replicas().begin(), c.replicas().end(),
                                          [](const auto& kv) { return kv.second.ready; }));
  }
  static int total(const DesiredStateController& c) {
    return static_cast<int>(c.replicas().size());
  }
};

TEST(RollingUpgrade, NeverMoreThanMaxUnavailableDownNorMoreThanMaxSurgeExtra) {
  for (const auto& [unavailable, surge] :
       {std::pair{1, 0}, std::pair{0, 1}, std::pair{2, 1}, std::pair{1, 2}, std::pair{0, 3}}) {
    Upgrade u;
    DesiredStateController c(u.catalog, u.nodes);
    ASSERT_TRUE(c.deploy("web", "1.0"));
    Upgrade::make_ready(c, 99);
    ASSERT_TRUE(c.upgrade("web", "1.1", {unavailable, surge}));
    int steps = 0;
    for (; c.apps().at("web").upgrading && steps < 100; ++steps) {
      ASSERT_GE(Upgrade::ready(c), 4 - unavailable) << unavailable << "/" << surge;
      ASSERT_LE(Upgrade::total(c), 4 + surge) << unavailable << "/" << surge;
      Upgrade::make_ready(c, 1);  // one new replica comes up at a time
      c.step();
    }
    EXPECT_FALSE(c.apps().at("web").upgrading) << unavailable << "/" << surge;
    EXPECT_LT(steps, 20);
    ASSERT_EQ(c.replicas().size(), 4u);
    for (const auto& [name, r] : c.replicas()) EXPECT_EQ(r.version, "1.1") << name;
  }
}

TEST(RollingUpgrade, ASurgeThatDoesNotFitBlocksWithMaxUnavailableZero) {
  Upgrade u(/*cpu=*/19);  // 4 x 19 CPUs on two 40-CPU boxes: no room for a fifth
  DesiredStateController c(u.catalog, u.nodes);
  ASSERT_TRUE(c.deploy("web", "1.0"));
  Upgrade::make_ready(c, 99);
  ASSERT_TRUE(c.upgrade("web", "1.1", {0, 1}));
  EXPECT_EQ(Upgrade::total(c), 4);
  EXPECT_NE(c.apps().at("web").blocked.find("upgrade blocked (surge does not fit)"),
            std::string::npos);
  for (const auto& [name, r] : c.replicas()) EXPECT_EQ(r.version, "1.0");
  // Allowing one down makes room, and the upgrade goes through.
  ASSERT_TRUE(c.rollback("web", {1, 0}));  // back to 1.0: nothing to do
  EXPECT_FALSE(c.apps().at("web").upgrading);
  ASSERT_TRUE(c.upgrade("web", "1.1", {1, 0}));
  for (int i = 0; i < 20 && c.apps().at("web").upgrading; ++i) {
    ASSERT_GE(Upgrade::ready(c), 3);
    Upgrade::make_ready(c, 1);
    c.step();
  }
  for (const auto& [name, r] : c.replicas()) EXPECT_EQ(r.version, "1.1");
}

TEST(RollingUpgrade, RollbackRestoresThePreviousVersion) {
  Upgrade u;
  DesiredStateController c(u.catalog, u.nodes);
  ASSERT_TRUE(c.deploy("web", "1.0"));
  Upgrade::make_ready(c, 99);
  const auto v1_spec = c.replicas().begin()->second.spec;
  EXPECT_EQ(c.rollback("web", {1, 0}).error().kind, OpErrorKind::no_previous_version);
  ASSERT_TRUE(c.upgrade("web", "1.1", {1, 1}));
  Upgrade::make_ready(c, 1);
  c.step();  // half-way: some 1.1, some 1.0
  ASSERT_TRUE(c.rollback("web", {1, 1}));
  EXPECT_EQ(c.apps().at("web").version, "1.0");
  EXPECT_EQ(c.apps().at("web").previous_version, "1.1");
  for (int i = 0; i < 20 && c.apps().at("web").upgrading; ++i) {
    ASSERT_GE(Upgrade::ready(c), 3);
    Upgrade::make_ready(c, 1);
    c.step();
  }
  ASSERT_EQ(c.replicas().size(), 4u);
  for (const auto& [name, r] : c.replicas()) {
    EXPECT_EQ(r.version, "1.0") << name;
    EXPECT_EQ(r.spec.cpu_request, v1_spec.cpu_request);
  }
  // Each box's desired state has its share, replicas apart.
  EXPECT_EQ(c.box_state("s001-a").containers.size(), 2u);
  EXPECT_EQ(c.box_state("s001-b").containers.size(), 2u);
}

}  // namespace
}  // namespace edgetwin::fw
