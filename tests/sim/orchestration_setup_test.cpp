// The cloud's app lifecycle starts from what the boxes run: for `start: running`, the desired
// state the cloud's controllers compute for each site is the twin's initial deployment, box by
// box and spec by spec, so nothing moves at boot (a difference would restart containers on
// all 800 boxes at t=0).
#include <gtest/gtest.h>

#include "edgetwin/firmware/orchestration/desired_state.hpp"
#include "edgetwin/model/fleet_io.hpp"
#include "edgetwin/model/scenario.hpp"
#include "edgetwin/sim/setup/initial_deployment.hpp"
#include "edgetwin/sim/setup/orchestration_setup.hpp"

namespace edgetwin::sim {
namespace {

model::Scenario scenario_of(int sites) {
  const auto text = model::generate_fleet({sites, 2, "lifecycle"}).dump();
  auto fleet = model::parse_fleet(text, "generated");
  for (const auto& e : fleet.errors) ADD_FAILURE() << e.to_string();
  model::Scenario s;
  s.fleet = *fleet.value;
  return s;
}

TEST(OrchestrationSetup, TheCloudsDesiredStateIsTheInitialDeployment) {
  const model::Scenario scenario = scenario_of(400);
  const auto config = orchestration_config(scenario, false);
  for (const auto& site : scenario.fleet.sites) {
    const auto desired = initial_desired_state(config, site.name);
    ASSERT_GT(desired.generation, 0u) << site.name;
    ASSERT_TRUE(desired.encode()) << site.name << ": above kDesiredContainersMax";
    auto initial = initial_deployment(scenario.fleet, site);
    for (const auto& box : site.boxes) {
      auto expected = initial[box.name];
      std::sort(expected.begin(), expected.end(),
                [](const auto& a, const auto& b) { return a.name < b.name; });
      const auto got = desired.for_node(box.name).containers;
      ASSERT_EQ(got.size(), expected.size()) << box.name;
      for (std::size_t i = 0; i < got.size(); ++i)
        ASSERT_TRUE(fw::same_spec(got[i], expected[i])) << box.name << " " << got[i].name;
    }
  }
}

TEST(OrchestrationSetup, FromTheFactoryASiteRunsNothingUntilTheRollout) {
  const model::Scenario scenario = scenario_of(2);
  const auto config = orchestration_config(scenario, true);
  EXPECT_EQ(initial_desired_state(config, "s001").generation, 0u);
}

}  // namespace
}  // namespace edgetwin::sim
