#include "edgetwin/model/fault_kinds.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "edgetwin/model/scenario.hpp"

namespace edgetwin::model {
namespace {

const char* const kFleet =
    R"({"format": "edgetwin.fleet/v1", "hardware": {"edgebox": {"cpus": 40, "memory_gib": 256}}, )"
    R"("apps": {"web": {"version": "1.0", "image_mib": 100, "cpu": 1, "memory_mib": 512}}, )"
    R"("systems": {"basic": ["web"]}, "site_defaults": {"boxes": 2, "hardware": "edgebox", )"
    R"("system": "basic", "lan": {"cidr": "192.168.1.0/24"}, "service_cidr": "192.168.2.0/24"}, )"
    R"("sites": [{"name": "s001"}]})";

// One fault of `kind` on `target` (none when empty), with the fields its kind requires.
bool accepted(const FaultKind& kind, const std::string& target) {
  std::string fault = R"({"at_s": 60, "kind": ")" + std::string(kind.name) + "\"";
  if (!target.empty()) fault += R"(, "target": ")" + target + "\"";
  if (kind.name == "link-degrade") fault += R"(, "loss": 0.1)";
  if (kind.name == "clock-skew") fault += R"(, "drift_ppm": 50)";
  if (kind.name == "datagram-chaos") fault += R"(, "link": "lan", "loss": 0.1)";
  fault += "}";
  const std::string text = std::string(R"({"format": "edgetwin.scenario/v1", "name": "t", )") +
                           R"("duration_s": 600, "fleet": )" + kFleet + R"(, "faults": [)" + fault +
                           "]}";
  const auto parsed = parse_scenario(text, "t.scenario.json");
  return parsed.ok();
}

// Each target shape and the kinds of targets it is.
const std::map<std::string, std::vector<FaultTargets>> kShapes{
    {"", {FaultTargets::cloud}},
    {"cloud", {FaultTargets::cloud}},
    {"s001", {FaultTargets::site, FaultTargets::site_or_box}},
    {"*", {FaultTargets::site, FaultTargets::site_or_box}},
    {"s001/s001-a", {FaultTargets::site_or_box}},
    {"s001/s001-a/web", {FaultTargets::container}},
};

TEST(FaultKinds, ValidationAcceptsExactlyTheTargetsEachRowAllows) {
  ASSERT_FALSE(fault_kinds().empty());
  for (const FaultKind& kind : fault_kinds()) {
    EXPECT_FALSE(kind.effect.empty()) << kind.name;
    for (const auto& [target, kinds] : kShapes) {
      const bool allowed = std::find(kinds.begin(), kinds.end(), kind.targets) != kinds.end();
      EXPECT_EQ(accepted(kind, target), allowed) << kind.name << " on '" << target << "'";
    }
  }
}

TEST(FaultKinds, LookupAndTheDetectionFlag) {
  EXPECT_EQ(find_fault_kind("no-such-fault"), nullptr);
  ASSERT_NE(find_fault_kind("box-crash"), nullptr);
  EXPECT_TRUE(find_fault_kind("box-crash")->takes_one_box_down());
  EXPECT_TRUE(find_fault_kind("disk-loss")->takes_one_box_down());  // a reboot with no disk
  EXPECT_FALSE(find_fault_kind("clock-skew")->takes_one_box_down());
  EXPECT_FALSE(find_fault_kind("site-power-loss")->takes_one_box_down());
  EXPECT_EQ(fault_kind_names().substr(0, 27), "box-crash, site-power-loss,");
}

}  // namespace
}  // namespace edgetwin::model
