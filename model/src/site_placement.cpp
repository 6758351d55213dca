#include "edgetwin/model/site_placement.hpp"

namespace edgetwin::model {

namespace {

constexpr double kMibPerGib = 1024;

}  // namespace

fw::AppReplicas app_replicas(const App& app) {
  fw::AppReplicas out;
  out.spec = {"", app.name, app.cpu, app.cpu_limit, app.memory_mib, app.memory_limit_mib,
              app.gpu, app.priority, app.data.empty()};
  out.replicas = app.replicas;
  out.host_ports = app.ports;
  return out;
}

std::vector<fw::NodeCapacity> site_nodes(const Fleet& fleet, const Site& site) {
  std::vector<fw::NodeCapacity> nodes;
  for (const auto& box : site.boxes) {
    fw::NodeCapacity node{box.name, {}};
    if (const auto hw = fleet.hardware.find(box.hardware); hw != fleet.hardware.end())
      node.capacity = {static_cast<double>(hw->second.cpus), hw->second.memory_gib * kMibPerGib,
                       hw->second.gpus};
    nodes.push_back(node);
  }
  return nodes;
}

std::vector<fw::AppReplicas> system_apps(const Fleet& fleet, const Site& site) {
  std::vector<fw::AppReplicas> apps;
  const auto system = fleet.systems.find(site.system);
  if (system == fleet.systems.end()) return apps;
  for (const auto& name : system->second)
    if (const auto app = fleet.apps.find(name); app != fleet.apps.end())
      apps.push_back(app_replicas(app->second));
  return apps;
}

fw::ScoringPolicy scoring_policy(const Fleet& /*fleet*/) { return fw::ScoringPolicy::spread; }

fw::SitePlacement place_site(const Fleet& fleet, const Site& site) {
  return fw::place_site(site_nodes(fleet, site), system_apps(fleet, site), scoring_policy(fleet));
}

}  // namespace edgetwin::model
