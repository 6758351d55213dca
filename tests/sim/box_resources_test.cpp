// The run result's per-box resources: requests, limits and simulated use as fractions of a
// box's capacity, CPU use shared under contention, compact series that change only when the
// load does, and in a run a crashed box that holds nothing while its peer carries its replicas.
#include <gtest/gtest.h>

#include <sstream>

#include "edgetwin/model/scenario.hpp"
#include "edgetwin/sim/engine/runner.hpp"
#include "edgetwin/sim/metrics/box_resources.hpp"

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

model::App app(const std::string& name, double cpu, double cpu_limit, double memory_mib,
               double use_cpu, int gpu = 0) {
  model::App a;
  a.name = name;
  a.cpu = cpu;
  a.cpu_limit = cpu_limit;
  a.memory_mib = memory_mib;
  a.memory_limit_mib = 2 * memory_mib;
  a.gpu = gpu;
  a.use.cpu = use_cpu;
  a.use.cpu_peak = cpu_limit;
  a.use.memory_mib = a.use.memory_peak_mib = memory_mib;
  return a;
}

// One site, box s001-a: 8 CPUs, 16 GiB, 1 GPU.
model::Fleet one_box_fleet() {
  model::Fleet fleet;
  fleet.hardware["box"] = {"box", 8, 16, 480, 0, 1};
  for (const auto& a : {app("web", 2, 8, 4096, 6), app("cam", 2, 8, 2048, 6, 1)})
    fleet.apps[a.name] = a;
  model::Site site;
  site.name = "s001";
  site.boxes.push_back({"s001-a", "box", "", 150});
  fleet.sites.push_back(site);
  return fleet;
}

fw::ContainerStatus status(const model::App& a, fw::ContainerState state) {
  return {{a.name + "-0", a.name, a.cpu, a.cpu_limit, a.memory_mib, a.memory_limit_mib, a.gpu,
           "", true},
          state};
}

std::vector<double> load_at(const Json& r, const std::string& box, double t) {
  const auto& pairs = r["boxes"][box];
  int index = -1;
  for (std::size_t i = 0; i + 1 < pairs.size(); i += 2)
    if (pairs[i].get<double>() <= t) index = pairs[i + 1].get<int>();
  return r["loads"][index].get<std::vector<double>>();
}

TEST(BoxResources, FractionsOfCapacityWithCpuSharedUnderContention) {
  const auto fleet = one_box_fleet();
  BoxResources r(fleet);
  // Each wants 6 CPUs of 8: requests (2 each) are guaranteed, the idle 4 split by request.
  r.sample(0, "s001-a", {status(fleet.apps.at("web"), fw::ContainerState::running),
                         status(fleet.apps.at("cam"), fw::ContainerState::running)});
  const Json out = r.to_json();
  EXPECT_EQ(out["columns"][2], "cpu_use");
  // cpu request/limit/use, memory request/limit/use, gpu request/limit/use, ssd, hdd (no
  // load clock here: nothing on the disks)
  EXPECT_EQ(load_at(out, "s001-a", 0),
            (std::vector<double>{0.5, 2.0, 1.0, 0.375, 0.75, 0.375, 1.0, 1.0, 1.0, 0, 0}));
}

TEST(BoxResources, AFailedContainerKeepsItsRequestsButUsesNothing) {
  const auto fleet = one_box_fleet();
  BoxResources r(fleet);
  r.sample(0, "s001-a", {status(fleet.apps.at("web"), fw::ContainerState::failed)});
  EXPECT_EQ(load_at(r.to_json(), "s001-a", 0),
            (std::vector<double>{0.25, 1.0, 0, 0.25, 0.5, 0, 0, 0, 0, 0, 0}));
}

TEST(BoxResources, ABoxListsItsLoadOnlyWhenItChanges) {
  const auto fleet = one_box_fleet();
  BoxResources r(fleet);
  const auto web = status(fleet.apps.at("web"), fw::ContainerState::running);
  r.sample(0, "s001-a", {web});
  r.sample(600, "s001-a", {web});
  r.sample(1200, "s001-a", {});  // powered off: every container stopped or gone
  r.sample(1800, "s001-a", {web});
  const Json out = r.to_json();
  EXPECT_EQ(out["boxes"]["s001-a"], Json::parse("[0, 0, 1200, 1, 1800, 0]"));
  EXPECT_EQ(out["loads"].size(), 2u);
  EXPECT_EQ(out["interval_s"], 600);
}

TEST(BoxResources, ACrashedBoxHoldsNothingWhileItsPeerCarriesItsReplicas) {
  auto parsed = model::load_scenario_file(std::string(EDGETWIN_TEST_DATA) + "/box-crash.scenario.json");
  for (const auto& e : parsed.errors) ADD_FAILURE() << e.to_string();
  model::Scenario scenario = *parsed.value;
  scenario.duration_s = 1300;
  scenario.faults[0].at_s = 500;  // down from 500 s to 800 s: sampled at 600 s
  scenario.faults[0].for_s = 300;
  scenario.expect.clear();
  const Json result = run_scenario(scenario, {std::nullopt, nullptr, false});
  const Json& r = result["box_resources"];
  const auto a0 = load_at(r, "s001-a", 0), b0 = load_at(r, "s001-b", 0);
  EXPECT_GT(a0[0], 0);
  EXPECT_EQ(load_at(r, "s001-a", 600), std::vector<double>(11, 0.0));
  const auto b600 = load_at(r, "s001-b", 600);
  EXPECT_GT(b600[0], b0[0]);  // adopted a's stateless replicas
  EXPECT_GT(b600[2], b0[2]);
  // Given back 60 s after s001-a returned: both as at the start again.
  EXPECT_EQ(load_at(r, "s001-a", 1200), a0);
  EXPECT_EQ(load_at(r, "s001-b", 1200), b0);
  EXPECT_EQ(load_at(r, "s002-a", 1200), load_at(r, "s002-a", 0));
}

}  // namespace
}  // namespace edgetwin::sim
