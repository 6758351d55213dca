#include "edgetwin/reports/placement.hpp"

#include "edgetwin/model/site_placement.hpp"

namespace edgetwin::reports {

namespace {

// The app and replica number of a container named "<app>-<r>" by fw::place_site.
PlacedReplica replica_of(const model::Fleet& fleet, const model::Site& site,
                         const std::string& container) {
  for (const auto& app : model::system_apps(fleet, site))
    for (int r = 0; r < app.replicas; ++r)
      if (fw::replica_name(app.spec.app, r) == container) return {&fleet.apps.at(app.spec.app), r};
  return {};
}

}  // namespace

SiteReplicas place_site_replicas(const model::Fleet& fleet, const model::Site& site) {
  const fw::SitePlacement placement = model::place_site(fleet, site);
  SiteReplicas out;
  for (const auto& [box, specs] : placement.by_node) {
    auto& replicas = out.by_box[box];
    for (const auto& spec : specs) replicas.push_back(replica_of(fleet, site, spec.name));
  }
  for (const auto& u : placement.unplaced)
    out.unplaced.push_back(replica_of(fleet, site, u.container));
  return out;
}

std::map<std::string, std::vector<PlacedReplica>> place_replicas(const model::Fleet& fleet,
                                                                 const model::Site& site) {
  return place_site_replicas(fleet, site).by_box;
}

}  // namespace edgetwin::reports
