#include "edgetwin/sim/runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

#include "edgetwin/firmware/box_agent.hpp"
#include "edgetwin/firmware/cloud_agent.hpp"
#include "edgetwin/firmware/witness_agent.hpp"
#include "edgetwin/sim/assertions.hpp"
#include "edgetwin/sim/box_config.hpp"
#include "edgetwin/sim/fault_injector.hpp"
#include "edgetwin/sim/fleet_platform.hpp"
#include "edgetwin/sim/initial_deployment.hpp"
#include "edgetwin/sim/metrics.hpp"
#include "edgetwin/sim/sim_node.hpp"

namespace edgetwin::sim {
namespace sg4 = simgrid::s4u;
using Json = nlohmann::ordered_json;

namespace {

// SimGrid reads its configuration from argv: CM02 so that a hop takes its link's latency
// (LV08 would multiply it by 13), and quiet logs (logging costs at millions of messages).
std::unique_ptr<sg4::Engine> make_engine() {
  static std::vector<std::string> args{"edgetwin", "--log=root.thres:critical",
                                       "--cfg=network/model:CM02", "--cfg=network/crosstraffic:0"};
  static std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  return std::make_unique<sg4::Engine>(&argc, argv.data());
}

void start_progress(sg4::Host* host, double duration_s) {
  const auto wall_start = std::chrono::steady_clock::now();
  sg4::Actor::create("progress", host, [=] {
    const double step = std::max(1.0, duration_s / 200);
    for (double t = step; t <= duration_s; t += step) {
      sg4::this_actor::sleep_until(t);
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
      const double speed = wall > 0 ? t / wall : 0;
      std::fprintf(stderr, "\rsim %8.0f / %.0f s   wall %7.1f s   %7.0fx   ETA %6.0f s ", t,
                   duration_s, wall, speed, speed > 0 ? (duration_s - t) / speed : 0.0);
    }
    std::fprintf(stderr, "\n");
  });
}

}  // namespace

Json run_scenario(const model::Scenario& scenario, const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  const std::uint64_t seed = options.seed.value_or(scenario.seed);
  const model::Fleet& fleet = scenario.fleet;
  auto engine = make_engine();
  FleetPlatform platform = build_fleet_platform(fleet);
  EventLog log(options.events);
  NetworkCounters counters;
  LanPartitions partitions;
  for (const auto& site : fleet.sites)
    for (const auto& box : site.boxes) partitions.add_box(box.name, site.name);
  SimWorld world{seed, log, counters, partitions, {}};

  std::vector<fw::CloudInventoryEntry> inventory;
  for (const auto& site : fleet.sites)
    for (const auto& box : site.boxes) inventory.push_back({box.name, site.name});
  const auto offline_after = fw::Duration::milliseconds(fleet.monitoring.cloud_offline_after_ms);
  SimNode cloud("cloud", {{"by", "cloud"}}, true, platform.cloud, world,
                [&](fw::Platform& p) { return std::make_unique<fw::CloudAgent>(p, inventory, offline_after); });

  // Site NASes: storage, and the VIP witness of sites with `ha.witness: nas`.
  std::vector<std::unique_ptr<SimNode>> witnesses;
  for (const auto& [site, host] : platform.nas)
    witnesses.push_back(std::make_unique<SimNode>(
        nas_node_name(site), Json{{"site", site}, {"by", "nas"}}, false, host, world,
        [](fw::Platform& p) { return std::make_unique<fw::WitnessAgent>(p); }));

  std::vector<std::unique_ptr<SimNode>> boxes;
  std::map<std::string, SimNode*> by_name;
  for (const auto& site : fleet.sites) {
    auto deployment = initial_deployment(fleet, site);
    for (const auto& box : site.boxes) {
      auto config = box_config(fleet, site, box);
      boxes.push_back(std::make_unique<SimNode>(
          box.name, Json{{"site", site.name}, {"box", box.name}}, false, platform.boxes.at(box.name),
          world,
          [config](fw::Platform& p) { return std::make_unique<fw::BoxAgent>(p, config); }));
      for (const auto& spec : deployment[box.name]) boxes.back()->sim_runtime().start(spec);
      by_name[box.name] = boxes.back().get();
    }
  }

  FaultInjector faults(scenario, seed, platform, by_name, log, partitions);
  cloud.power_on();
  for (auto& nas : witnesses) nas->power_on();
  for (auto& box : boxes) box->power_on();
  faults.start();
  if (options.progress) start_progress(platform.twin, scenario.duration_s);
  engine->run_until(scenario.duration_s);
  log.flush();

  RunFacts facts{fleet, log.events(), faults.windows(), counters, 0, 0, scenario.duration_s};
  auto add_inbox = [&](const fw::Inbox& inbox) {
    facts.malformed_datagrams += inbox.malformed().total();
    facts.stale_datagrams += inbox.stale();
  };
  if (auto* agent = dynamic_cast<fw::CloudAgent*>(cloud.agent())) add_inbox(agent->inbox());
  for (auto& box : boxes)
    if (auto* agent = dynamic_cast<fw::BoxAgent*>(box->agent())) add_inbox(agent->inbox());

  Json result;
  result["format"] = "edgetwin.result/v1";
  result["scenario"] = scenario.name;
  result["seed"] = seed;
  result["sim_time_s"] = scenario.duration_s;
  result["wall_s"] =
      std::round(std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count() * 1000) / 1000;
  result["metrics"] = compute_metrics(facts);
  auto assertions = check_all(scenario.expect, result["metrics"]);
  bool passed = true;
  for (const auto& a : assertions) passed = passed && a["passed"].get<bool>();
  result["passed"] = passed;
  result["assertions"] = assertions;
  return result;
}

}  // namespace edgetwin::sim
