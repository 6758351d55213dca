#include "edgetwin/sim/engine/runner.hpp"
#include "edgetwin/sim/setup/rollout_setup.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

#include "edgetwin/firmware/agents/activation_box_agent.hpp"
#include "edgetwin/firmware/agents/box_agent.hpp"
#include "edgetwin/firmware/agents/cloud_agent.hpp"
#include "edgetwin/firmware/agents/witness_agent.hpp"
#include "edgetwin/firmware/base/ipv4_cidr.hpp"
#include "edgetwin/sim/engine/fleet_platform.hpp"
#include "edgetwin/sim/engine/sim_node.hpp"
#include "edgetwin/sim/engine/world_loop.hpp"
#include "edgetwin/sim/faults/fault_injector.hpp"
#include "edgetwin/sim/invariants/convergence.hpp"
#include "edgetwin/sim/invariants/invariant_monitor.hpp"
#include "edgetwin/sim/metrics/assertions.hpp"
#include "edgetwin/sim/metrics/box_resources.hpp"
#include "edgetwin/sim/engine/box_load.hpp"
#include "edgetwin/model/load_profile.hpp"
#include "edgetwin/sim/metrics/metrics.hpp"
#include "edgetwin/sim/metrics/monitoring_views.hpp"
#include "edgetwin/sim/setup/box_config.hpp"
#include "edgetwin/sim/setup/box_replacement.hpp"
#include "edgetwin/sim/setup/console_operations.hpp"
#include "edgetwin/sim/setup/factory_start.hpp"
#include "edgetwin/sim/setup/generic_nodes.hpp"
#include "edgetwin/sim/setup/initial_deployment.hpp"
#include "edgetwin/sim/setup/install_schedule.hpp"
#include "edgetwin/sim/setup/app_flaws.hpp"
#include "edgetwin/sim/setup/orchestration_setup.hpp"
#include "edgetwin/sim/workloads/data_checker.hpp"
#include "edgetwin/sim/workloads/writes_workload.hpp"

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

// A progress line on stderr, at most 200 times per run, from the world loop's calendar.
void start_progress(WorldLoop& loop, double duration_s) {
  const auto wall_start = std::chrono::steady_clock::now();
  const double step = std::max(1.0, duration_s / 200);
  auto report = std::make_shared<std::function<void(double)>>();
  *report = [&loop, wall_start, duration_s, step, report](double t) {
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    const double speed = wall > 0 ? t / wall : 0;
    std::fprintf(stderr, "\rsim %8.0f / %.0f s   wall %7.1f s   %7.0fx   ETA %6.0f s ", t,
                 duration_s, wall, speed, speed > 0 ? (duration_s - t) / speed : 0.0);
    if (t + step <= duration_s)
      loop.at(fw::Time::from_seconds(t + step), [report, t, step] { (*report)(t + step); });
    else
      std::fprintf(stderr, "\n");
  };
  loop.at(fw::Time::from_seconds(step), [report, step] { (*report)(step); });
}

// Every node of the run: the cloud, the site NASes and the boxes, each with its firmware.
struct Nodes {
  std::unique_ptr<SimNode> cloud;
  std::vector<std::unique_ptr<SimNode>> witnesses;  // site NASes: storage and VIP witness
  std::vector<std::unique_ptr<SimNode>> boxes;
  // The fleet's generic nodes (generic_nodes.hpp), in box_by_name too (faults by name).
  std::vector<std::unique_ptr<SimNode>> generic;
  std::map<std::string, SimNode*> box_by_name;
};

// Sites that chose a service range overlapping their LAN (allow_service_lan_overlap): their
// VIP is also some LAN device's address, so clients reach the service only when the box wins
// the ARP race. Said at t=0 so the run shows why its services fail.
void mark_vip_conflicts(const model::Fleet& fleet, SimWorld& world) {
  for (const auto& site : fleet.sites) {
    const auto lan = fw::parse_cidr(site.lan.cidr);
    const auto vip = fw::parse_ipv4(service_vip(site));
    if (!site.allow_service_lan_overlap || !lan || !vip || !lan->contains(*vip)) continue;
    world.vip_conflicts.insert("vip." + site.name);
    world.log.write(0, "service.conflict", Json{{"site", site.name}, {"by", "twin"}},
                    Json{{"vip", service_vip(site)},
                         {"lan", site.lan.cidr},
                         {"service_cidr", site.service_cidr},
                         {"why", "the service range overlaps the LAN: another device answers for the VIP"}});
  }
}

// `factory`: boxes power on unactivated, with nothing deployed (factory_start.hpp).
Nodes make_nodes(const model::Scenario& scenario, const FleetPlatform& platform, SimWorld& world,
                 const FactoryStart* factory, const std::vector<SiteInstall>& installs,
                 const GenericNodes& generic) {
  const model::Fleet& fleet = scenario.fleet;
  Nodes nodes;
  // A witness (the site NAS, or the cloud) grants leases only to its sites' boxes, and for at
  // most two advert intervals, the lease the boxes ask for (vip_lease.hpp).
  const auto lease_max_ms = static_cast<std::uint32_t>(std::clamp<std::int64_t>(
      2 * std::int64_t{fleet.ha.advert_interval_ms}, 1, fw::LeaseSite::kLeaseMaxMs));
  std::vector<fw::CloudInventoryEntry> inventory;
  std::map<std::string, fw::LeaseRoster> nas_roster;
  for (const auto& site : fleet.sites) {
    fw::LeaseSite roster_site{site.name, {}, lease_max_ms};
    for (const auto& box : site.boxes) {
      inventory.push_back({box.name, site.name, lease_max_ms});
      roster_site.boxes.push_back(box.name);
    }
    nas_roster[site.name] = {roster_site};
  }
  const auto offline_after = fw::Duration::milliseconds(fleet.monitoring.cloud_offline_after_ms);
  const auto activation = factory ? factory->service_config() : fw::ActivationServiceConfig{};
  // The first rollout is the fleet plan from boot; each later one the console's command.
  std::vector<fw::RolloutConfig> rollouts;
  for (std::size_t i = 0; i < scenario.rollouts.size(); ++i) {
    rollouts.push_back(rollout_config(fleet, scenario.rollouts[i]));
    rollouts.back().id = static_cast<std::uint32_t>(i + 1);
    // From the factory a site is deployed once its boxes are activated, in install order.
    if (factory) {
      rollouts.back().await_activation = true;
      follow_install_order(rollouts.back(), installs);
    }
  }
  const fw::OrchestratorConfig orchestration = orchestration_config(scenario, factory != nullptr);
  const auto operations = scheduled_operations(scenario);
  fw::WireKeys cloud_keys;
  cloud_keys.cloud_root = twin_cloud_root(fleet);
  cloud_keys.strength = fw::MacStrength::twin;
  // Boxes that do not start at the factory were activated before the run: their keys are the
  // twin's stand-ins (issued_cloud_keys.hpp). A factory fleet's boxes get theirs at activation.
  const bool preissued = factory == nullptr;
  nodes.cloud = std::make_unique<SimNode>(
      "cloud", Json{{"by", "cloud"}}, true, platform.cloud, world, [=](fw::Platform& p) {
        fw::WireKeys keys = cloud_keys;  // a table per boot: a restarted cloud reads its disk
        keys.issued = std::make_shared<fw::IssuedCloudKeys>(
            keys.strength, preissued ? keys.cloud_root : std::nullopt);
        auto cloud = std::make_unique<fw::CloudAgent>(p, inventory, offline_after, activation, keys);
        for (std::size_t i = 0; i < rollouts.size(); ++i) {
          if (i == 0)
            cloud->set_rollout(rollouts[i]);
          else
            cloud->add_later_rollout(rollouts[i]);
        }
        cloud->set_orchestration(orchestration);
        for (const auto& [at_s, op] : operations)
          cloud->schedule_operation(fw::Duration::milliseconds(std::llround(at_s * 1000)), op);
        return cloud;
      });
  for (const auto& [site, host] : platform.nas) {
    nodes.witnesses.push_back(std::make_unique<SimNode>(
        nas_node_name(site), Json{{"site", site}, {"by", "nas"}}, false, host, world,
        [name = nas_node_name(site), keys = twin_site_member_keys(fleet, site),
         roster = nas_roster[site]](fw::Platform& p) {
          return std::make_unique<fw::WitnessAgent>(p, name, keys, roster);
        }));
    // The fault injector powers NASes off and on like boxes (fault nas-down).
    nodes.box_by_name[nas_node_name(site)] = nodes.witnesses.back().get();
  }
  for (const auto& site : fleet.sites) {
    auto placement = initial_placement(fleet, site);
    auto& deployment = placement.by_node;
    const fw::SiteDesiredState desired = initial_desired_state(orchestration, site.name);
    // What the scheduler could not place is not started; say so rather than drop it.
    if (!factory)
      for (const auto& unplaced : placement.unplaced)
        world.log.write(0, "service.unplaced", Json{{"site", site.name}, {"by", "twin"}},
                        initial_unplaced_fields(fleet, site, unplaced));
    for (const auto& box : site.boxes) {
      auto config = box_config(fleet, site, box);
      SimNode::AgentFactory agent = [config](fw::Platform& p) {
        return std::make_unique<fw::BoxAgent>(p, config);
      };
      if (factory) {
        auto unactivated = config;
        unactivated.keys.cloud.reset();  // issued at its activation
        agent = [unactivated, first_boot = factory->box_factory(site, box)](fw::Platform& p) {
          return std::make_unique<fw::ActivationBoxAgent>(p, unactivated, first_boot);
        };
      }
      auto node = std::make_unique<SimNode>(
          box.name, Json{{"site", site.name}, {"box", box.name}}, false,
          platform.boxes.at(box.name), world, std::move(agent));
      if (!factory)
        for (const auto& spec : deployment[box.name]) node->sim_runtime().start(spec);
      if (!factory) preinstall_images(*node, fleet, site);
      if (!factory) seed_desired_state(*node, desired);
      nodes.box_by_name[box.name] = node.get();
      nodes.boxes.push_back(std::move(node));
    }
    for (const auto& g : site.generic_nodes) {
      nodes.generic.push_back(std::make_unique<SimNode>(
          g.name, Json{{"site", site.name}, {"box", g.name}}, false, platform.boxes.at(g.name),
          world, generic.firmware(site, g)));
      nodes.box_by_name[g.name] = nodes.generic.back().get();
    }
  }
  return nodes;
}

// An install schedule: each site's boxes power on when it is installed, and the operator issues
// their bind codes then (install_schedule.hpp). Sites due after the run are never installed.
void schedule_installs(const std::vector<SiteInstall>& installs, const model::Scenario& scenario,
                       FactoryStart& factory, Nodes& nodes, SimWorld& world, WorldLoop& loop) {
  for (std::size_t k = 0; k < installs.size(); ++k) {
    const SiteInstall& install = installs[k];
    if (install.at_s >= scenario.duration_s) continue;
    const model::Site* site = scenario.fleet.find_site(install.site);
    loop.at(fw::Time::from_seconds(install.at_s), [&, site, k, at_s = install.at_s] {
      world.log.write(at_s, "site.installed", Json{{"site", site->name}, {"by", "twin"}},
                      Json{{"order", k}, {"boxes", site->boxes.size()}});
      factory.issue_codes(*nodes.cloud, *site);
      for (const auto& box : site->boxes) nodes.box_by_name.at(box.name)->power_on();
    });
  }
}

// The console's monitoring views each MonitoringViews::kIntervalS from t=0: the cloud's app
// and host tables, every box's containers (reads only: no event).
void monitor_now(MonitoringViews& out, Nodes& nodes, double t) {
  if (const auto* cloud = dynamic_cast<const fw::CloudAgent*>(nodes.cloud->agent())) {
    out.sample_apps(t, cloud->alerts().apps());
    out.sample_hosts(t, cloud->alerts().hosts());
  }
  for (const auto& box : nodes.boxes)
    out.sample_containers(t, box->name(), box->sim_runtime().containers());
}

void start_monitoring(MonitoringViews& out, Nodes& nodes, WorldLoop& loop, double duration_s) {
  auto sample = std::make_shared<std::function<void(double)>>();
  *sample = [&out, &nodes, &loop, duration_s, sample](double t) {
    monitor_now(out, nodes, t);
    const double next = t + MonitoringViews::kIntervalS;
    if (next < duration_s) loop.at(fw::Time::from_seconds(next), [sample, next] { (*sample)(next); });
  };
  loop.at(fw::Time{}, [sample] { (*sample)(0); });
}

std::map<std::string, std::string> site_vips(const model::Fleet& fleet) {
  std::map<std::string, std::string> out;
  for (const auto& site : fleet.sites) out[site.name] = service_vip(site);
  return out;
}

// Samples every box's runtime (and disks, when the load clock fills them) each
// BoxResources::kIntervalS from t=0 (reads only: no event).
void start_resource_sampling(BoxResources& out, const BoxLoad* load, Nodes& nodes, WorldLoop& loop,
                             double duration_s) {
  auto sample = std::make_shared<std::function<void(double)>>();
  *sample = [&out, load, &nodes, &loop, duration_s, sample](double t) {
    for (const auto& box : nodes.boxes) {
      const auto containers = box->sim_runtime().containers();
      out.sample(t, box->name(), containers,
                 load != nullptr ? load->disk_use(box->name(), containers) : DiskUse{});
    }
    const double next = t + BoxResources::kIntervalS;
    if (next < duration_s) loop.at(fw::Time::from_seconds(next), [sample, next] { (*sample)(next); });
  };
  loop.at(fw::Time{}, [sample] { (*sample)(0); });
}

// The load clock (engine/box_load.hpp): OOM kills and disk writes every BoxLoad::kTickS from
// t=0. Its tick at an instant precedes the resource sample of that instant (scheduled first).
void start_load_clock(BoxLoad& load, Nodes& nodes, WorldLoop& loop, double duration_s) {
  std::vector<SimNode*> boxes;
  for (const auto& box : nodes.boxes) boxes.push_back(box.get());
  load.watch(boxes);
  auto tick = std::make_shared<std::function<void(double)>>();
  *tick = [&load, &nodes, &loop, duration_s, tick](double t) {
    for (const auto& box : nodes.boxes) load.tick(t, *box);
    const double next = t + BoxLoad::kTickS;
    if (next <= duration_s) loop.at(fw::Time::from_seconds(next), [tick, next] { (*tick)(next); });
  };
  loop.at(fw::Time{}, [tick] { (*tick)(0); });
}

// What the firmware itself dropped (every node's stats): malformed datagrams (envelopes, VRRP
// adverts, failed authentication, strangers) and stale ones.
void add_firmware_drops(const Nodes& nodes, RunFacts& facts) {
  auto add = [&](const SimNode& node) {
    if (node.agent() == nullptr) return;  // powered off at the end
    const fw::AgentStats stats = node.agent()->stats();
    facts.malformed_datagrams += stats.malformed_total();
    facts.stale_datagrams += stats.stale_total();
  };
  add(*nodes.cloud);
  for (const auto& nas : nodes.witnesses) add(*nas);
  for (const auto& box : nodes.boxes) add(*box);
  for (const auto& node : nodes.generic) add(*node);
}

// The writes workloads' clients: one node per site that has any, on its client host.
std::vector<std::unique_ptr<SimNode>> make_clients(const model::Fleet& fleet,
                                                   const std::vector<WritesWorkload>& workloads,
                                                   const FleetPlatform& platform, SimWorld& world,
                                                   History& history) {
  std::map<std::string, std::vector<WritesWorkload>> by_site;
  for (const auto& w : workloads) by_site[w.site].push_back(w);
  std::vector<std::unique_ptr<SimNode>> clients;
  for (auto& [site, list] : by_site)
    clients.push_back(std::make_unique<SimNode>(
        client_node_name(site), Json{{"site", site}, {"by", "client"}}, false,
        platform.clients.at(site), world,
        [list, &history, name = client_node_name(site),
         keys = twin_site_member_keys(fleet, site)](fw::Platform& p) {
          return std::make_unique<WritesClient>(p, name, keys, list, history);
        }));
  return clients;
}

// The HA firmware of a box: its BoxAgent, or the one a first-boot agent started once the box
// was activated (a factory start, a replaced box); null before that.
const fw::BoxAgent* box_agent(const SimNode& node) {
  if (const auto* first_boot = dynamic_cast<const fw::ActivationBoxAgent*>(node.agent()))
    return first_boot->box();
  return dynamic_cast<const fw::BoxAgent*>(node.agent());
}

// The checker, once the run is over: each (site, app) with a workload against its final state.
std::vector<DataCheck> check_data(const History& history, const Nodes& nodes,
                                  const model::Fleet& fleet) {
  std::map<SiteApp, std::vector<ServiceAtEnd>> candidates;
  for (const auto& op : history.operations()) candidates.try_emplace({op.site, op.app});
  for (auto& [key, list] : candidates) {
    // A NAS-backed app: its data of record is the NAS volume.
    if (auto nas = nodes.box_by_name.find(nas_node_name(key.first)); nas != nodes.box_by_name.end())
      if (const auto* w = dynamic_cast<const fw::WitnessAgent*>(nas->second->agent()))
        if (const auto* volume = w->volumes().volume(key.second))
          list.push_back({nas->first, true, volume->current_term(), volume});
    for (const auto& box : fleet.find_site(key.first)->boxes) {
      const SimNode* node = nodes.box_by_name.at(box.name);
      const auto* agent = box_agent(*node);
      if (agent == nullptr || agent->data_services().count(key.second) == 0) continue;
      const auto& service = *agent->data_services().at(key.second);
      const bool primary = service.role() == fw::DataRole::primary;
      list.push_back({box.name, node->host()->is_on(), primary ? service.term() : 0, &service.log()});
    }
  }
  std::map<SiteApp, FinalState> finals;
  for (const auto& [key, list] : candidates) finals[key] = final_state(list);
  return check_history(history, finals);
}

// A box's replicated log for `app`, for the invariant monitor (null: no such service).
InvariantMonitor::LogOf log_lookup(const Nodes& nodes) {
  return [&nodes](const std::string& box, const std::string& app) -> const fw::ReplicatedLog* {
    const auto it = nodes.box_by_name.find(box);
    const auto* agent = it == nodes.box_by_name.end() ? nullptr : box_agent(*it->second);
    if (agent == nullptr) return nullptr;
    const auto service = agent->data_services().find(app);
    return service == agent->data_services().end() ? nullptr : &service->second->log();
  };
}

// Whether a powered box counts a live lease grant from `grantor`, for the invariant monitor.
InvariantMonitor::CountsGrant grant_lookup(const Nodes& nodes) {
  return [&nodes](const std::string& holder, const std::string& grantor) {
    const auto it = nodes.box_by_name.find(holder);
    const auto* agent = it == nodes.box_by_name.end() || !it->second->powered()
                            ? nullptr
                            : box_agent(*it->second);
    return agent != nullptr && agent->lease() != nullptr &&
           agent->lease()->counts_grant_from(fw::Address{grantor});
  };
}

// Every box at the end of the run, and the primaries among the powered ones.
std::vector<BoxAtEnd> boxes_at_end(const model::Fleet& fleet, const Nodes& nodes,
                                   std::vector<InvariantMonitor::Primary>& primaries) {
  std::vector<BoxAtEnd> out;
  for (const auto& site : fleet.sites) {
    for (const auto& box : site.boxes) {
      const SimNode& node = *nodes.box_by_name.at(box.name);
      const auto* agent = node.powered() ? box_agent(node) : nullptr;
      out.push_back({site.name, box.name, node.powered(), agent});
      if (agent == nullptr) continue;
      for (const auto& [app, service] : agent->data_services())
        if (service->role() == fw::DataRole::primary) primaries.push_back({site.name, app, box.name});
    }
  }
  return out;
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
  const auto workloads = writes_workloads(scenario);
  std::set<std::string> client_sites;
  for (const auto& w : workloads) client_sites.insert(w.site);
  FleetPlatform platform = build_fleet_platform(fleet, client_sites);
  EventLog log(options.events);
  NetworkCounters counters;
  LanPartitions partitions;
  for (const auto& site : fleet.sites)
    for (const auto& box : site.boxes) partitions.add_box(box.name, site.name);
  WorldLoop loop;
  DatagramNetwork network(loop, counters, partitions);
  SimWorld world{seed, log, counters, partitions, loop, network, {}, {}, {}};
  mark_vip_conflicts(fleet, world);
  std::optional<FactoryStart> factory;
  if (scenario.start == "factory") factory.emplace(fleet);
  const std::vector<SiteInstall> installs = install_plan(scenario, seed);
  GenericNodes generic(fleet);
  Nodes nodes =
      make_nodes(scenario, platform, world, factory ? &*factory : nullptr, installs, generic);
  install_app_flaws(scenario, *nodes.cloud, nodes.boxes, world);
  History history;
  auto clients = make_clients(fleet, workloads, platform, world, history);
  auto powered_by_faults = nodes.box_by_name;
  powered_by_faults["cloud"] = nodes.cloud.get();  // cloud-restart
  FaultInjector faults(scenario, seed, platform, powered_by_faults, log, partitions);
  faults.on_link_properties_changed([&network] { network.link_properties_changed(); });
  InvariantMonitor monitor(fleet, &history, log_lookup(nodes), grant_lookup(nodes));
  log.set_observer([&monitor](const LoggedEvent& e) { monitor.observe(e); });
  if (options.stop_at_violation) monitor.set_on_violation([&loop](const Violation&) { loop.halt(); });
  loop.set_on_error([&monitor, &loop](const std::exception& e) {
    monitor.firmware_broke(loop.now().to_seconds(), e.what());
  });

  // Set-up actions first, so that at any instant they precede what the nodes do.
  loop.start(platform.twin, fw::Time::from_seconds(scenario.duration_s));
  faults.start(loop);
  std::optional<BoxLoad> load;
  if (model::has_daily_load(fleet)) {
    load.emplace(fleet, log, [&loop] { return loop.now().to_seconds(); });
    start_load_clock(*load, nodes, loop, scenario.duration_s);
  }
  BoxResources box_resources(fleet);
  start_resource_sampling(box_resources, load ? &*load : nullptr, nodes, loop,
                          scenario.duration_s);
  MonitoringViews monitoring(fleet, site_vips(fleet));
  start_monitoring(monitoring, nodes, loop, scenario.duration_s);
  schedule_console_operations(
      scenario, *nodes.cloud, nodes.box_by_name, loop,
      [&generic](const std::string& node, const std::string& script) {
        generic.run_script(node, script);
      });
  schedule_box_replacements(scenario, *nodes.cloud, nodes.box_by_name, loop);
  if (options.progress) start_progress(loop, scenario.duration_s);
  nodes.cloud->power_on();
  if (factory && !scenario.install) factory->issue_codes_at_start(*nodes.cloud);
  for (auto& nas : nodes.witnesses) nas->power_on();
  if (scenario.install)
    schedule_installs(installs, scenario, *factory, nodes, world, loop);
  else
    for (auto& box : nodes.boxes) box->power_on();
  for (auto& node : nodes.generic) node->power_on();  // waiting for its start script
  for (auto& client : clients) client->power_on();
  engine->run_until(scenario.duration_s);
  const double end_s = loop.halted() ? loop.now().to_seconds() : scenario.duration_s;
  monitor_now(monitoring, nodes, end_s);  // the views as the run ends
  for (const auto& box : nodes.boxes)      // each box's day with what it runs at the end
    box_resources.sample_day(box->name(), box->sim_runtime().containers());
  std::vector<InvariantMonitor::Primary> primaries;
  const auto boxes = boxes_at_end(fleet, nodes, primaries);
  if (!loop.halted()) monitor.finish(end_s, primaries);
  log.set_observer(nullptr);
  log.flush();

  RunFacts facts{fleet, log.events(), faults.windows(), counters, 0, 0, scenario.duration_s, nullptr, {}, false, std::nullopt};
  facts.factory_start = factory.has_value();
  if (scenario.install) facts.install_from_s = scenario.install->from_s;
  add_firmware_drops(nodes, facts);
  const auto data_checks = check_data(history, nodes, fleet);
  if (!workloads.empty()) facts.data_checks = &data_checks;
  for (const auto& c : data_checks) facts.data_unavailable_s[{c.site, c.app}] = c.unavailable_s;
  if (options.history != nullptr)
    for (const auto& op : history.operations()) *options.history << op.to_json().dump() << "\n";
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  Json metrics = compute_metrics(facts);
  add_convergence_metrics(unconverged_sites(boxes, world.vip_holders), metrics);
  add_sync_metrics(replicas_out_of_sync(boxes), metrics);
  metrics["invariant_violations"] = monitor.count();
  Json result = make_result(scenario, seed, wall_s, std::move(metrics));
  result["violations"] = Json::array();
  for (const auto& v : monitor.violations()) result["violations"].push_back(v.to_json());
  if (loop.halted()) result["stopped_at_s"] = round_time(end_s);
  if (monitor.firmware_broken()) {  // whatever the scenario expects, this run cannot pass
    result["passed"] = false;
    result["assertions"].push_back(
        Json{{"expect", Json{{"metric", "invariant_violations"}, {"max", 0},
                             {"x-why", "a firmware invariant broke: the run stopped there"}}},
             {"actual", monitor.count()},
             {"passed", false}});
  }
  result["box_resources"] = box_resources.to_json();
  result["monitoring"] = monitoring.to_json();
  return result;
}

}  // namespace edgetwin::sim
