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

void AppOrchestrator::on_node_running(const std::string& node) {
  const auto site_name = generic_site_.find(node);
  if (site_name == generic_site_.end()) return;
  Site& site = sites_.at(site_name->second);
  if (site.generic.contains(node)) return;  // joined before: back from offline, or rebooted
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
  auto added = site.cluster->add_node(spec);
  if (!added) return refuse(added.error().message);
  if (!site.controller->add_node({spec.name, spec.capacity}, true)) {
    site.cluster->remove_node(spec.name);
    return refuse("the site's scheduler has the most nodes");
  }
  site.apps.nodes.push_back({spec.name, spec.capacity});
  site_of_node_[spec.name] = site.apps.name;
  site.generic.insert(spec.name);
  platform_.events().emit("node.joined", {{"site", site.apps.name},
                                          {"node", spec.name},
                                          {"type", to_string(spec.type)},
                                          {"ip", spec.ip},
                                          {"ip_segment", spec.ip_segment.to_string()},
                                          {"pod_subnet", added.value().pod_subnet.to_string()}});
  publish(site);  // the new node gets the site's state; pending replicas may have moved in
  report_blocked(site);
}

// The node list says offline after `cloud_offline_after` without a heartbeat. Another node of
// the site still heard means the site's WAN works, so this node (or its own link) is gone;
// its replicas would wait for it forever (no peer adopts a generic node's), so they move.
void AppOrchestrator::check_generic_down(Site& site, const std::string& node) {
  if (site.generic_down.contains(node)) return;
  const bool site_heard = std::any_of(
      site.apps.nodes.begin(), site.apps.nodes.end(), [&](const NodeCapacity& other) {
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
