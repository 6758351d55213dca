#include "edgetwin/firmware/orchestration/placement.hpp"

#include <algorithm>

#include "edgetwin/firmware/orchestration/qos.hpp"

namespace edgetwin::fw {

std::string replica_name(const std::string& app, int index) {
  return app + "-" + std::to_string(index);
}

SitePlacement place_site(const std::vector<NodeCapacity>& nodes,
                         const std::vector<AppReplicas>& apps, ScoringPolicy policy) {
  Scheduler scheduler(policy);
  SitePlacement out;
  for (const auto& n : nodes) {
    scheduler.add_node(n.name, n.capacity);
    out.by_node[n.name];
  }
  std::vector<const AppReplicas*> order;
  for (const auto& a : apps) order.push_back(&a);
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    return priority_rank(a->spec.priority) > priority_rank(b->spec.priority);
  });
  for (const AppReplicas* app : order) {
    for (int r = 0; r < app->replicas; ++r) {
      PlacementRequest request{app->spec, app->host_ports, app->spec.app};
      request.spec.name = replica_name(app->spec.app, r);
      const auto bound = scheduler.schedule(request, false);
      if (!bound) {
        out.unplaced.push_back(bound.error());
        continue;
      }
      out.by_node[bound.value().node].push_back(request.spec);
    }
  }
  return out;
}

}  // namespace edgetwin::fw
