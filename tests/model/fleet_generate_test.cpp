#include <gtest/gtest.h>

#include "edgetwin/model/fleet_io.hpp"

namespace edgetwin::model {
namespace {

Fleet round_trip(const GenerateOptions& options) {
  const auto text = generate_fleet(options).dump(2);
  auto parsed = parse_fleet(text, "generated.fleet.json");
  std::string errors;
  for (const auto& e : parsed.errors) errors += e.to_string() + "\n";
  EXPECT_TRUE(parsed.ok()) << errors;
  return parsed.value.value_or(Fleet{});
}

TEST(GenerateFleet, KeysInTheDocumentedOrder) {
  const auto doc = generate_fleet({2, 2, ""});
  std::vector<std::string> keys;
  for (const auto& [key, value] : doc.items()) keys.push_back(key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"format", "name", "hardware", "apps", "systems", "cloud",
                                      "ha", "monitoring", "site_defaults", "sites", "generate"}));
  EXPECT_EQ(doc["name"], "fleet-2");
  EXPECT_EQ(doc["generate"]["count"], 2);
  EXPECT_EQ(doc["generate"]["name"], "s{:03}");
  EXPECT_EQ(doc["hardware"]["edgebox"]["cpus"], 40);
  EXPECT_EQ(doc["hardware"]["edgebox"]["memory_gib"], 256);
}

TEST(GenerateFleet, TwoSitesRoundTrip) {
  const Fleet fleet = round_trip({2, 2, "pilot"});
  EXPECT_EQ(fleet.name, "pilot");
  ASSERT_EQ(fleet.sites.size(), 2u);
  EXPECT_EQ(fleet.sites[0].name, "s001");
  EXPECT_EQ(fleet.sites[1].boxes[1].name, "s002-b");
  EXPECT_EQ(fleet.sites[1].boxes[1].address, "192.168.1.12");
  EXPECT_EQ(fleet.box_count(), 4);
  EXPECT_EQ(fleet.apps.at("access-control").replicas, 2);
  EXPECT_EQ(fleet.apps.at("access-control").priority, "critical");
  EXPECT_EQ(fleet.apps.at("mysql").data, "mysql-ha");
  EXPECT_EQ(fleet.apps.at("redis").data, "redis-ha");
  EXPECT_EQ(fleet.apps.at("video-analytics").gpu, 1);
}

TEST(GenerateFleet, FourHundredSitesRoundTrip) {
  const Fleet fleet = round_trip({400, 2, ""});
  ASSERT_EQ(fleet.sites.size(), 400u);
  EXPECT_EQ(fleet.box_count(), 800);
  EXPECT_EQ(fleet.sites[399].name, "s400");
  EXPECT_EQ(fleet.sites[399].boxes[0].name, "s400-a");
  EXPECT_EQ(fleet.sites[399].boxes[0].vrrp_priority, 150);
}

TEST(GenerateFleet, FourDigitNamesAboveNineHundredNinetyNine) {
  const auto doc = generate_fleet({1200, 2, ""});
  EXPECT_EQ(doc["generate"]["name"], "s{:04}");
  const Fleet fleet = round_trip({1200, 2, ""});
  ASSERT_EQ(fleet.sites.size(), 1200u);
  EXPECT_EQ(fleet.sites[0].name, "s0001");
  EXPECT_EQ(fleet.sites[1199].name, "s1200");
}

TEST(GenerateFleet, BoxesPerSiteGoIntoSiteDefaults) {
  const Fleet fleet = round_trip({3, 3, ""});
  EXPECT_EQ(fleet.box_count(), 9);
  EXPECT_EQ(fleet.sites[2].boxes[2].name, "s003-c");
  EXPECT_EQ(fleet.sites[2].boxes[2].vrrp_priority, 90);
}

// A site must survive losing one of its two boxes: one box holds every replica's requests.
TEST(GenerateFleet, OneBoxHoldsTheWholeSite) {
  const Fleet fleet = round_trip({2, 2, ""});
  const Hardware& box = fleet.hardware.at("edgebox");
  double cpu = 0, memory_mib = 0;
  int gpu = 0;
  for (const auto& name : fleet.systems.at("smart-community")) {
    const App& app = fleet.apps.at(name);
    cpu += app.cpu * app.replicas;
    memory_mib += app.memory_mib * app.replicas;
    gpu += app.gpu * app.replicas;
  }
  EXPECT_GE(fleet.systems.at("smart-community").size(), 5u);
  EXPECT_LE(cpu, box.cpus);
  EXPECT_LE(memory_mib, box.memory_gib * 1024);
  EXPECT_LE(gpu, box.gpus);
}

}  // namespace
}  // namespace edgetwin::model
