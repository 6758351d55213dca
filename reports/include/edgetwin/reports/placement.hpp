#pragma once
// Which replicas run on which box when a run starts, for capacity planning.
#include <map>
#include <string>
#include <vector>

#include "edgetwin/model/fleet.hpp"

namespace edgetwin::reports {

struct PlacedReplica {
  const model::App* app = nullptr;
  int index = 0;  // replica number r of the app
};

struct SiteReplicas {
  // Every box of the site has an entry, empty when nothing is placed on it; replicas in
  // placement order (higher priorities first).
  std::map<std::string, std::vector<PlacedReplica>> by_box;
  std::vector<PlacedReplica> unplaced;  // fit on no box: the simulator does not start them
};

// The placement the simulator starts from: the firmware's scheduler through
// model::place_site, the one function sim/src/initial_deployment.cpp calls too.
SiteReplicas place_site_replicas(const model::Fleet& fleet, const model::Site& site);

// place_site_replicas(...).by_box.
std::map<std::string, std::vector<PlacedReplica>> place_replicas(const model::Fleet& fleet,
                                                                 const model::Site& site);

}  // namespace edgetwin::reports
