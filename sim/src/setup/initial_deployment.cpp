#include "edgetwin/sim/setup/initial_deployment.hpp"

#include "edgetwin/model/site_placement.hpp"

namespace edgetwin::sim {

fw::SitePlacement initial_placement(const model::Fleet& fleet, const model::Site& site) {
  return model::place_site(fleet, site);
}

std::map<std::string, std::vector<fw::ContainerSpec>> initial_deployment(const model::Fleet& fleet,
                                                                         const model::Site& site) {
  return initial_placement(fleet, site).by_node;
}

nlohmann::ordered_json initial_unplaced_fields(const model::Fleet& fleet, const model::Site& site,
                                               const fw::Unschedulable& unplaced) {
  nlohmann::ordered_json fields{{"container", unplaced.container}};
  for (const auto& app : model::system_apps(fleet, site))
    for (int r = 0; r < app.replicas; ++r)
      if (fw::replica_name(app.spec.app, r) == unplaced.container) {
        fields["app"] = app.spec.app;
        fields["priority"] = app.spec.priority;
      }
  fields["reason"] = "initial_placement";
  fields["message"] = unplaced.message;
  return fields;
}

}  // namespace edgetwin::sim
