#include "edgetwin/sim/initial_deployment.hpp"

namespace edgetwin::sim {

std::map<std::string, std::vector<fw::ContainerSpec>> initial_deployment(const model::Fleet& fleet,
                                                                         const model::Site& site) {
  std::map<std::string, std::vector<fw::ContainerSpec>> out;
  if (site.boxes.empty()) return out;
  for (const auto& app_name : fleet.systems.at(site.system)) {
    const model::App& app = fleet.apps.at(app_name);
    for (int r = 0; r < app.replicas; ++r) {
      const auto& box = site.boxes[static_cast<std::size_t>(r) % site.boxes.size()];
      out[box.name].push_back({app.name + "-" + std::to_string(r), app.name, app.cpu,
                               app.cpu_limit, app.memory_mib, app.memory_limit_mib, app.gpu,
                               app.priority, app.data.empty()});
    }
  }
  return out;
}

}  // namespace edgetwin::sim
