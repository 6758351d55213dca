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

// Replica r of every app of the site's system goes on box r mod (number of boxes).
// This MUST match the simulator's initial deployment (sim/src/initial_deployment.cpp): reports
// never link the simulator, so the rule is written twice and a test pins this copy.
// Every box of the site has an entry, empty when nothing is placed on it.
std::map<std::string, std::vector<PlacedReplica>> place_replicas(const model::Fleet& fleet,
                                                                 const model::Site& site);

}  // namespace edgetwin::reports
