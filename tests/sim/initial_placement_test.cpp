// The twin starts from the placement the capacity reports show: both go through the firmware's
// scheduler (model::place_site), so on the same fleet they agree box by box, replicas of one
// app sit on different boxes, single-replica apps use both boxes of a site, and what fits
// nowhere is logged at t=0 rather than dropped.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "edgetwin/model/fleet_io.hpp"
#include "edgetwin/model/scenario.hpp"
#include "edgetwin/reports/placement.hpp"
#include "edgetwin/sim/engine/runner.hpp"
#include "edgetwin/sim/setup/initial_deployment.hpp"

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

model::Fleet generated_fleet(int sites) {
  const auto text = model::generate_fleet({sites, 2, "placement"}).dump();
  auto parsed = model::parse_fleet(text, "generated");
  for (const auto& e : parsed.errors) ADD_FAILURE() << e.to_string();
  return *parsed.value;
}

std::vector<std::string> names(const std::vector<fw::ContainerSpec>& specs) {
  std::vector<std::string> out;
  for (const auto& s : specs) out.push_back(s.name);
  return out;
}

std::vector<std::string> names(const std::vector<reports::PlacedReplica>& replicas) {
  std::vector<std::string> out;
  for (const auto& r : replicas) out.push_back(fw::replica_name(r.app->name, r.index));
  return out;
}

void expect_sim_and_reports_agree(const model::Fleet& fleet) {
  for (const auto& site : fleet.sites) {
    const auto sim = initial_placement(fleet, site);
    const auto report = reports::place_site_replicas(fleet, site);
    ASSERT_EQ(sim.by_node.size(), site.boxes.size()) << site.name;
    for (const auto& box : site.boxes)
      ASSERT_EQ(names(sim.by_node.at(box.name)), names(report.by_box.at(box.name))) << box.name;
    std::vector<std::string> sim_unplaced;
    for (const auto& u : sim.unplaced) sim_unplaced.push_back(u.container);
    ASSERT_EQ(sim_unplaced, names(report.unplaced)) << site.name;
  }
}

TEST(InitialPlacement, SimulatorAndReportsAgreeOnA400SiteFleet) {
  const model::Fleet fleet = generated_fleet(400);
  expect_sim_and_reports_agree(fleet);
  // Everything fits on the generated fleet: 10 replicas per site, none left out.
  for (const auto& site : fleet.sites) {
    std::size_t placed = 0;
    for (const auto& [box, specs] : initial_deployment(fleet, site)) placed += specs.size();
    EXPECT_EQ(placed, 10u) << site.name;
    EXPECT_TRUE(initial_placement(fleet, site).unplaced.empty()) << site.name;
  }
}

TEST(InitialPlacement, SimulatorAndReportsAgreeOnWhatDoesNotFit) {
  model::Fleet fleet = generated_fleet(400);
  fleet.apps.at("video-analytics").replicas = 3;  // one GPU per box: the third fits nowhere
  expect_sim_and_reports_agree(fleet);
  const auto placement = initial_placement(fleet, fleet.sites[0]);
  ASSERT_EQ(placement.unplaced.size(), 1u);
  EXPECT_EQ(placement.unplaced[0].container, "video-analytics-2");
}

TEST(InitialPlacement, SingleReplicaAppsAreSpreadOverBothBoxes) {
  const model::Fleet fleet = generated_fleet(400);
  // The smart-community system (docs/orchestration.md): critical, then high, then the rest,
  // each on the least allocated box that passes the filters.
  const auto s001 = initial_deployment(fleet, fleet.sites[0]);
  EXPECT_EQ(names(s001.at("s001-a")), (std::vector<std::string>{"access-control-0", "parking-0",
                                                                "intercom-1", "mysql-0", "redis-0"}));
  EXPECT_EQ(names(s001.at("s001-b")),
            (std::vector<std::string>{"access-control-1", "intercom-0", "video-analytics-0",
                                      "mysql-1", "redis-1"}));
  for (const auto& site : fleet.sites) {
    const auto placement = initial_deployment(fleet, site);
    std::set<std::string> boxes_with_singles;
    for (const auto& [box, specs] : placement)
      for (const auto& spec : specs)
        if (fleet.apps.at(spec.app).replicas == 1) boxes_with_singles.insert(box);
    // parking and video-analytics: the old rule put both (every replica 0) on box a.
    EXPECT_EQ(boxes_with_singles.size(), 2u) << site.name;
    // Replicas of one app never share a box while the other box has none.
    for (const auto& [box, specs] : placement) {
      std::set<std::string> apps;
      for (const auto& spec : specs) EXPECT_TRUE(apps.insert(spec.app).second) << spec.name;
    }
  }
}

TEST(InitialPlacement, AReplicaThatFitsNowhereIsLoggedAtStartAndNeverServes) {
  auto parsed = model::load_scenario_file(std::string(EDGETWIN_TEST_DATA) + "/box-crash.scenario.json");
  for (const auto& e : parsed.errors) ADD_FAILURE() << e.to_string();
  model::Scenario scenario = *parsed.value;
  scenario.fleet.apps.at("parking").cpu = 64;  // more than an EdgeBox has
  scenario.duration_s = 60;
  scenario.faults.clear();
  scenario.expect.clear();
  std::stringstream stream;
  const Json result = run_scenario(scenario, {std::nullopt, &stream, false});
  std::vector<Json> unplaced;
  for (std::string line; std::getline(stream, line);) {
    const Json e = Json::parse(line);
    if (e["kind"] == "service.unplaced") unplaced.push_back(e);
  }
  ASSERT_EQ(unplaced.size(), 2u);  // parking-0 on each of the two sites
  EXPECT_EQ(unplaced[0]["t"], 0);
  EXPECT_EQ(unplaced[0]["site"], "s001");
  EXPECT_EQ(unplaced[0]["by"], "twin");
  EXPECT_EQ(unplaced[0]["container"], "parking-0");
  EXPECT_EQ(unplaced[0]["app"], "parking");
  EXPECT_EQ(unplaced[0]["reason"], "initial_placement");
  EXPECT_FALSE(unplaced[0]["message"].get<std::string>().empty());
  // Nobody serves parking: unavailable for the whole run on both sites.
  EXPECT_DOUBLE_EQ(result["metrics"]["unavailable_s"]["by_app"]["parking"].get<double>(), 120.0);
}

}  // namespace
}  // namespace edgetwin::sim
