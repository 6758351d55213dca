#include <gtest/gtest.h>

#include "edgetwin/model/fleet_io.hpp"
#include "fleet_text.hpp"

namespace edgetwin::model {
namespace {

using test::all_errors;
using test::fleet_text;

Fleet parse_ok(const std::string& text) {
  auto parsed = parse_fleet(text, "t.fleet.json");
  EXPECT_TRUE(parsed.ok()) << all_errors(parsed.errors);
  return parsed.value.value_or(Fleet{});
}

TEST(FleetOverlay, SiteWanOverrideKeepsDefaultLatency) {
  const Fleet fleet = parse_ok(
      fleet_text({R"(    {"name": "s001"})", R"(    {"name": "s002", "wan": {"mbps": 20}})"}));
  ASSERT_EQ(fleet.sites.size(), 2u);
  EXPECT_EQ(fleet.sites[0].wan.mbps, 100);
  EXPECT_EQ(fleet.sites[1].wan.mbps, 20);
  EXPECT_EQ(fleet.sites[1].wan.latency_ms, 30);
  EXPECT_EQ(fleet.sites[1].lan.cidr, "192.168.1.0/24");
  EXPECT_EQ(fleet.sites[1].system, "basic");
}

TEST(FleetOverlay, SiteFieldReplacesNonObjectDefault) {
  const Fleet fleet = parse_ok(fleet_text({R"(    {"name": "s001", "boxes": 3})"}));
  ASSERT_EQ(fleet.sites.size(), 1u);
  EXPECT_EQ(fleet.sites[0].boxes.size(), 3u);
}

TEST(FleetGenerate, ListedSitesFirstThenGeneratedUpToCount) {
  const Fleet fleet = parse_ok(
      fleet_text({R"(    {"name": "s002", "wan": {"mbps": 20}})", R"(    {"name": "hq01"})"},
                 {R"(  "generate": {"count": 5, "name": "s{:03}"},)"}));
  std::vector<std::string> names;
  for (const auto& site : fleet.sites) names.push_back(site.name);
  EXPECT_EQ(names, (std::vector<std::string>{"s002", "hq01", "s001", "s003", "s004"}));
  EXPECT_EQ(fleet.sites[0].wan.mbps, 20);
  EXPECT_EQ(fleet.sites[2].wan.mbps, 100);
  EXPECT_EQ(fleet.box_count(), 10);
}

TEST(FleetGenerate, PlainPlaceholderIsNotPadded) {
  const Fleet fleet =
      parse_ok(fleet_text({}, {R"(  "generate": {"count": 2, "name": "site{}"},)"}));
  ASSERT_EQ(fleet.sites.size(), 2u);
  EXPECT_EQ(fleet.sites[0].name, "site1");
  EXPECT_EQ(fleet.sites[1].name, "site2");
  EXPECT_EQ(fleet.sites[1].boxes[1].name, "site2-b");
}

TEST(FleetBoxes, CountNamesAddressesAndPriorities) {
  const Fleet fleet = parse_ok(fleet_text({R"(    {"name": "s001", "boxes": 4})"},
                                          {R"(  "ha": {"priorities": [200, 150]},)"}));
  const Site& site = fleet.sites.at(0);
  ASSERT_EQ(site.boxes.size(), 4u);
  EXPECT_EQ(site.boxes[0].name, "s001-a");
  EXPECT_EQ(site.boxes[3].name, "s001-d");
  EXPECT_EQ(site.boxes[0].address, "192.168.1.11");
  EXPECT_EQ(site.boxes[1].address, "192.168.1.12");
  EXPECT_EQ(site.boxes[3].address, "192.168.1.14");
  EXPECT_EQ(site.boxes[0].vrrp_priority, 200);
  EXPECT_EQ(site.boxes[1].vrrp_priority, 150);
  EXPECT_EQ(site.boxes[2].vrrp_priority, 140);
  EXPECT_EQ(site.boxes[3].vrrp_priority, 130);
  EXPECT_EQ(site.boxes[0].hardware, "edgebox");
}

TEST(FleetBoxes, DefaultPrioritiesMakeBoxAMaster) {
  const Fleet fleet = parse_ok(fleet_text({R"(    {"name": "s001"})"}));
  EXPECT_EQ(fleet.sites[0].boxes[0].vrrp_priority, 150);
  EXPECT_EQ(fleet.sites[0].boxes[1].vrrp_priority, 100);
}

TEST(FleetBoxes, ExplicitListWithOwnHardware) {
  const Fleet fleet = parse_ok(fleet_text(
      {R"(    {"name": "s001", "lan": {"cidr": "10.1.0.0/16"}, "boxes": [{"name": "gate-1"}, )"
       R"({"name": "gate-2", "hardware": "edgebox"}]})"}));
  const Site& site = fleet.sites.at(0);
  ASSERT_EQ(site.boxes.size(), 2u);
  EXPECT_EQ(site.boxes[1].name, "gate-2");
  EXPECT_EQ(site.boxes[0].address, "10.1.0.11");
  EXPECT_EQ(site.boxes[1].address, "10.1.0.12");
  EXPECT_EQ(fleet.find_box("gate-2"), &site.boxes[1]);
  EXPECT_EQ(fleet.find_site("s001"), &site);
  EXPECT_EQ(fleet.find_site("s404"), nullptr);
}

TEST(FleetApps, LimitsAndUseDefaultToRequests) {
  const Fleet fleet = parse_ok(fleet_text({R"(    {"name": "s001"})"}));
  const App& web = fleet.apps.at("web");
  EXPECT_EQ(web.replicas, 1);
  EXPECT_EQ(web.cpu_limit, 1);
  EXPECT_EQ(web.memory_limit_mib, 512);
  EXPECT_EQ(web.use.cpu, 1);
  EXPECT_EQ(web.use.cpu_peak, 1);
  EXPECT_EQ(web.use.memory_mib, 512);
  EXPECT_EQ(fleet.ha.witness, "nas");
  EXPECT_EQ(fleet.monitoring.peer_timeout_ms, 3000);
}

TEST(FleetMonitoring, ExtensionFieldsAreRead) {
  const Fleet fleet = parse_ok(fleet_text(
      {R"(    {"name": "s001"})"},
      {R"(  "monitoring": {"peer_interval_ms": 500, "cloud_offline_after_ms": 60000},)"}));
  EXPECT_EQ(fleet.monitoring.peer_interval_ms, 500);
  EXPECT_EQ(fleet.monitoring.peer_timeout_ms, 3000);
  EXPECT_EQ(fleet.monitoring.cloud_offline_after_ms, 60000);
}

TEST(FleetExtensions, XPrefixedFieldsAreAllowed) {
  const Fleet fleet = parse_ok(fleet_text({R"(    {"name": "s001", "x-rack": "b12"})"},
                                          {R"(  "x-owner": "ops",)"}));
  EXPECT_EQ(fleet.sites.size(), 1u);
}

TEST(FleetFiles, TwoSiteExampleIsValid) {
  const auto parsed = load_fleet_file(EDGETWIN_SCENARIOS_DIR "/two-site.fleet.json");
  ASSERT_TRUE(parsed.ok()) << all_errors(parsed.errors);
  const Fleet& fleet = *parsed.value;
  ASSERT_EQ(fleet.sites.size(), 2u);
  EXPECT_EQ(fleet.sites[0].name, "s001");
  EXPECT_EQ(fleet.sites[1].wan.mbps, 20);
  EXPECT_EQ(fleet.box_count(), 4);
  EXPECT_EQ(fleet.sites[1].boxes[1].name, "s002-b");
  EXPECT_EQ(fleet.sites[1].nas->address, "192.168.1.250");
  EXPECT_EQ(fleet.apps.at("mysql").use.cpu, 2.5);
  EXPECT_NE(fleet.source_path.find("two-site.fleet.json"), std::string::npos);
}

}  // namespace
}  // namespace edgetwin::model
