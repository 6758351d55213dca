// The scenario's `operations` and `grants`: what the console does during a run. Mistakes in the
// file are errors with their position; a denied operation is not (it is an outcome of the run).
#include <gtest/gtest.h>

#include "edgetwin/model/scenario.hpp"

namespace edgetwin::model {
namespace {

const std::string kFleet =
    R"({"format": "edgetwin.fleet/v1", "hardware": {"edgebox": {"cpus": 40, "memory_gib": 256}}, )"
    R"("apps": {"web": {"version": "1.0", "image_mib": 100, "cpu": 1, "memory_mib": 512}, )"
    R"("lv": {"version": "1.0", "image_mib": 100, "cpu": 1, "memory_mib": 512, "approval": true}}, )"
    R"("systems": {"basic": ["web"]}, "site_defaults": {"boxes": 2, "hardware": "edgebox", )"
    R"("system": "basic", "lan": {"cidr": "192.168.1.0/24"}, "service_cidr": "192.168.2.0/24"}, )"
    R"("sites": [{"name": "s001"}, {"name": "s002"}]})";

Parsed<Scenario> with(const std::string& fields) {
  return parse_scenario(R"({"format": "edgetwin.scenario/v1", "name": "o", "duration_s": 600, "fleet": )" +
                            kFleet + ", " + fields + "}",
                        "o.scenario.json");
}

std::string messages(const Parsed<Scenario>& p) {
  std::string out;
  for (const auto& e : p.errors) out += e.to_string() + "\n";
  return out;
}

TEST(ScenarioOperations, OperationsAreReadInTimeOrderWithTheirDefaults) {
  const auto p = with(
      R"("grants": [{"account": "carol", "sites": "all", "permissions": ["deploy"]}],)"
      R"( "operations": [{"at_s": 300, "sites": "s001", "op": "scale", "app": "web", "replicas": 3},)"
      R"( {"at_s": 100, "actor": "carol", "sites": "all", "op": "upgrade", "app": "web", "version": "1.1",)"
      R"( "max_unavailable": 0, "max_surge": 1}, {"at_s": 200, "sites": ["s002"], "op": "request", "app": "lv"}])");
  ASSERT_TRUE(p.value) << messages(p);
  const auto& ops = p.value->operations;
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[0].op, "upgrade");
  EXPECT_EQ(ops[0].sites, (std::vector<std::string>{"s001", "s002"}));
  EXPECT_EQ(ops[0].max_surge, 1);
  EXPECT_EQ(ops[1].op, "request");
  EXPECT_EQ(ops[2].actor, "admin");
  EXPECT_EQ(ops[2].replicas, 3);
  ASSERT_EQ(p.value->grants.size(), 1u);
  EXPECT_EQ(p.value->grants[0].sites.size(), 2u);
}

TEST(ScenarioOperations, MistakesAreReportedWithTheirPointers) {
  const auto p = with(
      R"("grants": [{"account": "bob", "sites": "s001", "permissions": ["root"]}],)"
      R"( "operations": [{"at_s": 10, "sites": "s009", "op": "upgrade", "app": "web"},)"
      R"( {"at_s": 700, "sites": "s001", "op": "reboot", "app": "nope"},)"
      R"( {"at_s": 20, "sites": "s001", "op": "scale", "app": "web"},)"
      R"( {"at_s": 30, "sites": "s001", "op": "request", "app": "web"},)"
      R"( {"at_s": 40, "sites": "s001", "op": "rollback", "app": "web", "max_unavailable": 0}])");
  EXPECT_FALSE(p.value);
  const std::string m = messages(p);
  EXPECT_NE(m.find("expected a permission"), std::string::npos) << m;
  EXPECT_NE(m.find("site 's009' is not in the fleet"), std::string::npos) << m;
  EXPECT_NE(m.find("missing required field 'version' (at /operations/0)"), std::string::npos) << m;
  EXPECT_NE(m.find("/operations/1/at_s"), std::string::npos) << m;     // beyond duration_s
  EXPECT_NE(m.find("/operations/1/op"), std::string::npos) << m;
  EXPECT_NE(m.find("app 'nope' is not in the fleet"), std::string::npos) << m;
  EXPECT_NE(m.find("missing required field 'replicas' (at /operations/2)"), std::string::npos) << m;
  EXPECT_NE(m.find("needs no approval"), std::string::npos) << m;
  EXPECT_NE(m.find("cannot both be 0"), std::string::npos) << m;
}

// replace-box (docs/activation.md, "Box replacement"): a box of the fleet, a swap time within
// the run; everything else is an error with its pointer.
TEST(ScenarioOperations, ReplaceBoxNamesABoxOfTheFleetAndASwapWithinTheRun) {
  const auto p = with(R"("operations": [{"at_s": 100, "actor": "ops", "op": "replace-box",)"
                      R"( "target": "s002/s002-b", "swap_s": 120}, {"at_s": 50, "op": "replace-box",)"
                      R"( "target": "s001/s001-a"}])");
  ASSERT_TRUE(p.value) << messages(p);
  const auto& ops = p.value->operations;
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].box, "s001-a");
  EXPECT_EQ(ops[0].actor, "admin");
  EXPECT_EQ(ops[0].swap_s, 300);
  EXPECT_EQ(ops[1].sites, std::vector<std::string>{"s002"});
  EXPECT_EQ(ops[1].box, "s002-b");
  EXPECT_EQ(ops[1].swap_s, 120);

  const std::string m = messages(with(
      R"("operations": [{"at_s": 100, "op": "replace-box", "target": "s003/s003-a"},)"
      R"( {"at_s": 100, "op": "replace-box", "target": "s001/s009-a"},)"
      R"( {"at_s": 100, "op": "replace-box", "target": "s001"},)"
      R"( {"at_s": 500, "op": "replace-box", "target": "s001/s001-a", "swap_s": 200},)"
      R"( {"at_s": 100, "op": "replace-box", "target": "s001/s001-a", "swap_s": -1, "app": "web"},)"
      R"( {"at_s": 100, "op": "replace-box"}])"));
  EXPECT_NE(m.find("target 's003/s003-a' matches no site in the fleet (at /operations/0/target)"), std::string::npos) << m;
  EXPECT_NE(m.find("matches no box of site 's001' (at /operations/1/target)"),
            std::string::npos) << m;
  EXPECT_NE(m.find("target 's001' is not a box (expected 'site/box') (at /operations/2/target)"), std::string::npos) << m;
  EXPECT_NE(m.find("/operations/3/at_s"), std::string::npos) << m;
  EXPECT_NE(m.find("/operations/4/swap_s"), std::string::npos) << m;
  EXPECT_NE(m.find("/operations/4/app"), std::string::npos) << m;
  EXPECT_NE(m.find("/operations/5"), std::string::npos) << m;
  EXPECT_NE(m.find("o.scenario.json:1:"), std::string::npos) << m;
}

}  // namespace
}  // namespace edgetwin::model
