#pragma once
// For `start: running`: the containers of each site's system already running at t=0, replicas
// spread over the site's boxes in turn (replica r on box r mod boxes). The orchestration
// firmware will own placement; until then this is the deployment the twin starts from.
#include <map>
#include <string>
#include <vector>

#include "edgetwin/firmware/platform.hpp"
#include "edgetwin/model/fleet.hpp"

namespace edgetwin::sim {

std::map<std::string, std::vector<fw::ContainerSpec>> initial_deployment(const model::Fleet& fleet,
                                                                         const model::Site& site);

}  // namespace edgetwin::sim
