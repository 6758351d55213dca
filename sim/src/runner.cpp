#include "edgetwin/sim/runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
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

#ifndef EDGETWIN_VERSION
#define EDGETWIN_VERSION "unknown"  // set from project(VERSION) in sim/CMakeLists.txt
#endif

namespace edgetwin::sim {
namespace sg4 = simgrid::s4u;
using Json = nlohmann::ordered_json;

namespace {

// Absolute, so that `edgetwin report` finds the file from any working directory; "" stays "".
std::string absolute_path(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  const auto abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

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

// Every node of the run: the cloud, the site NASes and the boxes, each with its firmware.
struct Nodes {
  std::unique_ptr<SimNode> cloud;
  std::vector<std::unique_ptr<SimNode>> witnesses;  // site NASes: storage and VIP witness
  std::vector<std::unique_ptr<SimNode>> boxes;
  std::map<std::string, SimNode*> box_by_name;
};

Nodes make_nodes(const model::Fleet& fleet, const FleetPlatform& platform, SimWorld& world) {
  Nodes nodes;
  std::vector<fw::CloudInventoryEntry> inventory;
  for (const auto& site : fleet.sites)
    for (const auto& box : site.boxes) inventory.push_back({box.name, site.name});
  const auto offline_after = fw::Duration::milliseconds(fleet.monitoring.cloud_offline_after_ms);
  nodes.cloud = std::make_unique<SimNode>(
      "cloud", Json{{"by", "cloud"}}, true, platform.cloud, world, [=](fw::Platform& p) {
        return std::make_unique<fw::CloudAgent>(p, inventory, offline_after);
      });
  for (const auto& [site, host] : platform.nas)
    nodes.witnesses.push_back(std::make_unique<SimNode>(
        nas_node_name(site), Json{{"site", site}, {"by", "nas"}}, false, host, world,
        [](fw::Platform& p) { return std::make_unique<fw::WitnessAgent>(p); }));
  for (const auto& site : fleet.sites) {
    auto deployment = initial_deployment(fleet, site);
    for (const auto& box : site.boxes) {
      auto config = box_config(fleet, site, box);
      auto node = std::make_unique<SimNode>(
          box.name, Json{{"site", site.name}, {"box", box.name}}, false,
          platform.boxes.at(box.name), world,
          [config](fw::Platform& p) { return std::make_unique<fw::BoxAgent>(p, config); });
      for (const auto& spec : deployment[box.name]) node->sim_runtime().start(spec);
      nodes.box_by_name[box.name] = node.get();
      nodes.boxes.push_back(std::move(node));
    }
  }
  return nodes;
}

// What the firmware itself dropped: malformed datagrams (envelopes, VRRP adverts, failed
// authentication, strangers) and stale ones.
void add_firmware_drops(const Nodes& nodes, RunFacts& facts) {
  auto add_inbox = [&](const fw::Inbox& inbox) {
    facts.malformed_datagrams += inbox.malformed().total();
    facts.stale_datagrams += inbox.stale();
  };
  if (auto* agent = dynamic_cast<fw::CloudAgent*>(nodes.cloud->agent())) add_inbox(agent->inbox());
  for (const auto& nas : nodes.witnesses)
    if (auto* agent = dynamic_cast<fw::WitnessAgent*>(nas->agent())) add_inbox(agent->inbox());
  for (const auto& box : nodes.boxes) {
    auto* agent = dynamic_cast<fw::BoxAgent*>(box->agent());
    if (agent == nullptr) continue;
    add_inbox(agent->inbox());
    if (const auto* vrrp = agent->vrrp())
      facts.malformed_datagrams += vrrp->decode_counters().total() +
                                   vrrp->auth_counters().total() + vrrp->unknown_senders();
  }
}

Json make_result(const model::Scenario& scenario, std::uint64_t seed, double wall_s,
                 Json metrics) {
  Json result;
  result["format"] = "edgetwin.result/v1";
  result["scenario"] = scenario.name;
  // The report rebuilds capacity from the fleet: fleet_file is "" for an inline fleet, which
  // the report then reads from scenario_file.
  result["scenario_file"] = absolute_path(scenario.source_path);
  result["fleet_file"] = absolute_path(scenario.fleet.source_path);
  result["edgetwin_version"] = EDGETWIN_VERSION;
  result["seed"] = seed;
  result["sim_time_s"] = scenario.duration_s;
  result["wall_s"] = std::round(wall_s * 1000) / 1000;
  result["metrics"] = std::move(metrics);
  auto assertions = check_all(scenario.expect, result["metrics"]);
  bool passed = true;
  for (const auto& a : assertions) passed = passed && a["passed"].get<bool>();
  result["passed"] = passed;
  result["assertions"] = assertions;
  return result;
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
  Nodes nodes = make_nodes(fleet, platform, world);
  FaultInjector faults(scenario, seed, platform, nodes.box_by_name, log, partitions);

  nodes.cloud->power_on();
  for (auto& nas : nodes.witnesses) nas->power_on();
  for (auto& box : nodes.boxes) box->power_on();
  faults.start();
  if (options.progress) start_progress(platform.twin, scenario.duration_s);
  engine->run_until(scenario.duration_s);
  log.flush();

  RunFacts facts{fleet, log.events(), faults.windows(), counters, 0, 0, scenario.duration_s};
  add_firmware_drops(nodes, facts);
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return make_result(scenario, seed, wall_s, compute_metrics(facts));
}

}  // namespace edgetwin::sim
