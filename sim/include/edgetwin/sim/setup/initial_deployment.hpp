#pragma once
// For `start: running`: the containers of each site's system already running at t=0, placed
// by the firmware's scheduler (model::place_site -> fw::place_site: filter and score,
// anti-affinity, higher priorities first; docs/orchestration.md "Scheduler"), the same
// placement the capacity reports show. Replicas that fit nowhere are not started: the runner
// logs one `service.unplaced` event per replica at t=0 (initial_unplaced_fields), so a site
// that cannot hold its system is visible in the event stream and its apps' unavailability.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgetwin/firmware/orchestration/placement.hpp"
#include "edgetwin/model/fleet.hpp"

namespace edgetwin::sim {

fw::SitePlacement initial_placement(const model::Fleet& fleet, const model::Site& site);

// The placed containers by box (every box of the site has an entry).
std::map<std::string, std::vector<fw::ContainerSpec>> initial_deployment(const model::Fleet& fleet,
                                                                         const model::Site& site);

// The fields of the `service.unplaced` event of a replica the initial placement left out:
// container, app, priority, reason "initial_placement" and the scheduler's message.
nlohmann::ordered_json initial_unplaced_fields(const model::Fleet& fleet, const model::Site& site,
                                               const fw::Unschedulable& unplaced);

}  // namespace edgetwin::sim
