#include "edgetwin/sim/setup/generic_nodes.hpp"

#include "edgetwin/firmware/activation/join_token.hpp"
#include "edgetwin/firmware/agents/activation_box_agent.hpp"
#include "edgetwin/firmware/base/ipv4_cidr.hpp"
#include "edgetwin/sim/setup/box_config.hpp"

namespace edgetwin::sim {
namespace {

constexpr double kMibPerGib = 1024;

// A generic node passes for a box where the box helpers need one (names, address, hardware).
model::Box as_box(const model::GenericNode& node) {
  return {node.name, node.hardware, node.address, 0};
}

fw::Resources capacity_of(const model::Fleet& fleet, const std::string& hardware) {
  const auto hw = fleet.hardware.find(hardware);
  if (hw == fleet.hardware.end()) return {};
  return {static_cast<double>(hw->second.cpus), hw->second.memory_gib * kMibPerGib,
          hw->second.gpus};
}

}  // namespace

fw::BoxConfig generic_node_config(const model::Fleet& fleet, const model::Site& site,
                                  const model::GenericNode& node) {
  fw::BoxConfig c = box_config(fleet, site, as_box(node));
  c.keys.cloud.reset();  // issued at its activation, like a factory box's
  c.peers.clear();       // no box heartbeats it: the cloud watches it (app_orchestrator.hpp)
  c.ha = {};
  c.ha.enabled = false;
  c.failover.reset();
  c.data.clear();
  c.volumes.clear();
  return c;
}

SimNode::AgentFactory GenericNodes::firmware(const model::Site& site,
                                             const model::GenericNode& node) const {
  fw::FactoryConfig setup = factory_.box_factory(site, as_box(node));
  setup.credential = fw::CredentialKind::join_token;
  return [config = generic_node_config(fleet_, site, node), setup](fw::Platform& p) {
    return std::make_unique<fw::ActivationBoxAgent>(p, config, setup);
  };
}

void GenericNodes::run_script(const std::string& node, const std::string& script) {
  const std::string token = fw::join_token_of(script);
  if (!token.empty()) factory_.note_code(node, token);
}

std::optional<fw::SiteCluster> site_cluster(const model::Fleet& fleet, const model::Site& site) {
  if (site.generic_nodes.empty()) return std::nullopt;
  const auto lan = fw::parse_cidr(site.lan.cidr);
  const auto service = fw::parse_cidr(site.service_cidr);
  if (!lan || !service) return std::nullopt;  // a validated fleet has both
  fw::SiteCluster cluster;
  cluster.config.name = site.name;
  cluster.config.lan = *lan;
  cluster.config.service_range = *service;
  cluster.config.allow_service_lan_overlap = site.allow_service_lan_overlap;
  if (site.nas && site.nas->path.starts_with('/')) {  // the cluster wants a mount path
    cluster.config.nfs_address = site.nas->address;
    cluster.config.nfs_path = site.nas->path;
  }
  for (const auto& box : site.boxes)
    cluster.boxes.push_back(
        {box.name, fw::NodeType::edgebox, box.address, *lan, capacity_of(fleet, box.hardware)});
  for (const auto& node : site.generic_nodes)
    cluster.generic.push_back(
        {node.name, fw::NodeType::generic, node.address, *lan, capacity_of(fleet, node.hardware)});
  return cluster;
}

}  // namespace edgetwin::sim
