#pragma once
// A site's apps as the cloud's DesiredStateController holds them: what a site runs at boot
// (`start: running`) and the message that carries it to the boxes. One function for the cloud
// and for the twin that seeds the boxes' disks, so both start from the same placement.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "edgetwin/firmware/orchestration/app_catalog.hpp"
#include "edgetwin/firmware/orchestration/desired_messages.hpp"
#include "edgetwin/firmware/orchestration/desired_state_controller.hpp"
#include "edgetwin/firmware/orchestration/placement.hpp"

namespace edgetwin::fw {

struct SiteApps {
  std::string name;
  std::vector<NodeCapacity> nodes;                            // the site's boxes, in order
  std::vector<std::pair<std::string, std::string>> deployed;  // app -> version running at boot
};

// A controller with the site's `deployed` apps deployed, higher priorities first and otherwise
// in the given order (the order of fw::place_site, so the placement is the same).
std::unique_ptr<DesiredStateController> make_site_controller(const AppCatalog& catalog,
                                                             const SiteApps& site,
                                                             ScoringPolicy policy);

// The message that carries `controller`'s desired state of every node of `site` to its boxes.
SiteDesiredState site_desired_state(const DesiredStateController& controller,
                                    const SiteApps& site);

}  // namespace edgetwin::fw
