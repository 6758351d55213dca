// AppOrchestrator: the sites' clusters, generic nodes joining them and dying.
#include <algorithm>

#include "edgetwin/firmware/orchestration/app_orchestrator.hpp"

namespace edgetwin::fw {

// Silent when it works: a fleet without generic nodes runs as it did before clusters existed.
// A site whose cluster cannot be made (say a pod CIDR that overlaps its LAN) refuses its
// generic nodes when they try to join, with the reason.
void AppOrchestrator::make_cluster(Site& site) {
  const auto it = config_.clusters.find(site.apps.name);
  if (it == config_.clusters.end()) return;
  for (const NodeSpec& spec : it->second.generic) generic_site_[spec.name] = site.apps.name;
  auto cluster = Cluster::create(it->second.config);
  if (!cluster) return;
  for (const NodeSpec& box : it->second.boxes) (void)cluster.value().add_node(box);
  site.cluster.emplace(std::move(cluster.value()));
}

const Cluster* AppOrchestrator::cluster(const std::string& site) const {
  const auto it = sites_.find(site);
  if (it == sites_.end() || !it->second.cluster) return nullptr;
  return &*it->second.cluster;
}

void AppOrchestrator::on_node_running(const std::string& node, const std::string& cluster) {
  const auto site_name = generic_site_.find(node);
  if (site_name == generic_site_.end()) return;
  Site& site = sites_.at(site_name->second);
  if (site.generic.contains(node)) return;  // joined before: back from offline, or rebooted
  if (cluster != site.apps.name) {
    platform_.events().emit(
        "node.join_refused",
        {{"site", cluster},
         {"node", node},
         {"why", "the host is on " + site.apps.name + "'s LAN, not in cluster " + cluster}});
    return;
  }
  const auto& generic = config_.clusters.at(site.apps.name).generic;
  const auto spec = std::find_if(generic.begin(), generic.end(),
                                 [&](const NodeSpec& s) { return s.name == node; });
  join_generic(site, *spec);
}

void AppOrchestrator::on_node_offline(const std::string& node) {
  const auto site_name = generic_site_.find(node);
  if (site_name == generic_site_.end()) return;
  Site& site = sites_.at(site_name->second);
  if (!site.generic.contains(node)) return;
  sync_nodes(site);
  publish(site);
  report_blocked(site);
}

void AppOrchestrator::join_generic(Site& site, const NodeSpec& spec) {
  auto refuse = [&](const std::string& why) {
    platform_.events().emit("node.join_refused",
                            {{"site", site.apps.name}, {"node", spec.name}, {"why", why}});
  };
  if (!site.cluster) return refuse("the site has no cluster to join");
  const auto added = add_joined(site, spec);
  if (!added) return refuse(added.error().message);
  if (!site.controller->add_node({spec.name, spec.capacity}, true)) {
    drop_joined(site, spec.name);
    return refuse("the site's scheduler has the most nodes");
  }
  platform_.events().emit("node.joined", {{"site", site.apps.name},
                                          {"node", spec.name},
                                          {"type", to_string(spec.type)},
                                          {"ip", spec.ip},
                                          {"ip_segment", spec.ip_segment.to_string()},
                                          {"pod_subnet", added.value().pod_subnet.to_string()}});
  persist(site, true);  // a restarted cloud knows the node (and its subnet) from its record
  publish(site);        // the new node gets the site's state; pending replicas may have moved in
  report_blocked(site);
}

Result<ClusterNode, ClusterError> AppOrchestrator::add_joined(Site& site, const NodeSpec& spec) {
  auto added = site.cluster->add_node(spec);
  if (!added) return added;
  site.apps.nodes.push_back({spec.name, spec.capacity});
  site_of_node_[spec.name] = site.apps.name;
  site.generic.insert(spec.name);
  return added;
}

void AppOrchestrator::drop_joined(Site& site, const std::string& node) {
  site.cluster->remove_node(node);
  std::erase_if(site.apps.nodes, [&](const NodeCapacity& n) { return n.name == node; });
  site_of_node_.erase(node);
  site.generic.erase(node);
}

std::vector<std::string> AppOrchestrator::joined_generic(const Site& site) const {
  std::vector<std::string> out;
  for (const auto& node : site.apps.nodes)
    if (site.generic.contains(node.name)) out.push_back(node.name);
  return out;
}

std::optional<std::vector<const NodeSpec*>> AppOrchestrator::rejoin_generic(
    const Site& site, const nlohmann::json& record, DesiredStateController& controller) {
  std::vector<const NodeSpec*> out;
  const auto names = record.find("generic");
  if (names == record.end()) return out;
  const auto cluster = config_.clusters.find(site.apps.name);
  if (!names->is_array() || cluster == config_.clusters.end() || !site.cluster) return std::nullopt;
  for (const auto& name : *names) {
    const auto& specs = cluster->second.generic;
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const NodeSpec& s) {
      return name.is_string() && s.name == name.get<std::string>();
    });
    if (spec == specs.end() || !controller.add_node({spec->name, spec->capacity}, true))
      return std::nullopt;
    out.push_back(&*spec);
  }
  return out;
}

// The node list says offline after `cloud_offline_after` without a heartbeat. Another node of
// the site still heard means the site's WAN works, so this node (or its own link) is gone;
// its replicas would wait for it forever (no peer adopts a generic node's), so they move.
void AppOrchestrator::check_generic_down(Site& site, const std::string& node) {
  if (site.generic_down.contains(node)) return;
  const bool site_heard =
      std::any_of(site.apps.nodes.begin(), site.apps.nodes.end(), [&](const NodeCapacity& other) {
        const auto row = registry_.rows().find(other.name);
        return other.name != node && row != registry_.rows().end() &&
               row->second.status == "running";
      });
  if (!site_heard) return;
  site.generic_down.insert(node);
  site.controller->set_node_up(node, false);
  const auto moved = site.controller->evict_node(node);
  platform_.events().emit(
      "node.evicted",
      {{"site", site.apps.name}, {"node", node}, {"replicas", moved}, {"why", "offline"}});
  if (!site.changing_since) site.changing_since = platform_.now();
}

}  // namespace edgetwin::fw
