#include "edgetwin/reports/placement.hpp"

namespace edgetwin::reports {

std::map<std::string, std::vector<PlacedReplica>> place_replicas(const model::Fleet& fleet,
                                                                 const model::Site& site) {
  std::map<std::string, std::vector<PlacedReplica>> out;
  for (const auto& box : site.boxes) out[box.name];
  const auto system = fleet.systems.find(site.system);
  if (site.boxes.empty() || system == fleet.systems.end()) return out;
  for (const auto& app_name : system->second) {
    const auto app = fleet.apps.find(app_name);
    if (app == fleet.apps.end()) continue;  // a validated fleet has none
    for (int r = 0; r < app->second.replicas; ++r) {
      const auto& box = site.boxes[static_cast<std::size_t>(r) % site.boxes.size()];
      out[box.name].push_back({&app->second, r});
    }
  }
  return out;
}

}  // namespace edgetwin::reports
