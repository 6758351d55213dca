// What the cloud persists of a site's desired state: a controller restored from it is the one
// that wrote it (same replicas on the same nodes, same generation, same upgrade under way), and
// a record that does not fit changes nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edgetwin/firmware/orchestration/desired_state_controller.hpp"

namespace edgetwin::fw {
namespace {

AppVersion app(const std::string& name, const std::string& version, int replicas, double cpu) {
  AppVersion v;
  v.app = name;
  v.version = version;
  v.replicas = replicas;
  v.spec.cpu_request = cpu;
  v.spec.cpu_limit = cpu;
  v.spec.memory_request_mib = 1024;
  v.spec.memory_limit_mib = 1024;
  return v;
}

struct Site {
  AppCatalog catalog;
  Site() {
    EXPECT_TRUE(catalog.add(app("access", "1.0", 2, 4)));
    EXPECT_TRUE(catalog.add(app("access", "1.1", 2, 4)));
    EXPECT_TRUE(catalog.add(app("mysql", "8.0", 2, 8)));
  }
  DesiredStateController controller() {
    return DesiredStateController(catalog,
                                  {{"s001-a", {40, 262144, 1}}, {"s001-b", {40, 262144, 1}}});
  }
};

TEST(DesiredStateRecord, ARestoredControllerGoesOnWithTheUpgradeItWasDoing) {
  Site site;
  auto before = site.controller();
  ASSERT_TRUE(before.deploy("access", "1.0"));
  ASSERT_TRUE(before.deploy("mysql", "8.0"));
  for (const auto& [name, r] : before.replicas()) before.set_ready(name, true);
  ASSERT_TRUE(before.upgrade("access", "1.1", {1, 0}));
  const auto record = before.save();

  auto after = site.controller();
  ASSERT_TRUE(after.restore(record));
  EXPECT_EQ(after.generation(), before.generation());
  for (const char* node : {"s001-a", "s001-b"})
    EXPECT_EQ(after.box_state(node).containers, before.box_state(node).containers) << node;
  EXPECT_EQ(after.apps().at("access").version, "1.1");
  EXPECT_EQ(after.apps().at("access").previous_version, "1.0");
  EXPECT_TRUE(after.apps().at("access").upgrading);
  // Readiness is not kept: once the boxes say it again the upgrade goes on, as it would have.
  for (const auto& [name, r] : after.replicas()) after.set_ready(name, true);
  for (const auto& [name, r] : before.replicas()) before.set_ready(name, true);
  after.step();
  before.step();
  EXPECT_EQ(after.generation(), before.generation());
  EXPECT_EQ(after.box_state("s001-a").containers, before.box_state("s001-a").containers);
  // And a roll-back still knows where to go.
  EXPECT_TRUE(after.rollback("access", {1, 0}));
}

TEST(DesiredStateRecord, ARecordThatDoesNotFitChangesNothing) {
  Site site;
  auto before = site.controller();
  ASSERT_TRUE(before.deploy("access", "1.0"));
  auto record = before.save();
  auto unknown_version = record;
  unknown_version["apps"][0]["version"] = "9.9";
  auto unknown_node = record;
  unknown_node["replicas"][0]["node"] = "s002-a";
  auto torn = record;
  torn.erase("replicas");
  for (const auto& bad : {unknown_version, unknown_node, torn, nlohmann::json("garbage")}) {
    auto c = site.controller();
    EXPECT_FALSE(c.restore(bad)) << bad.dump();
    EXPECT_EQ(c.generation(), 0u);
    EXPECT_TRUE(c.replicas().empty());
  }
}

}  // namespace
}  // namespace edgetwin::fw
