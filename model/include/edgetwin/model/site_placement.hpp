#pragma once
// The placement of a site's system when a run starts, through the firmware's one placement
// rule (fw::place_site, docs/orchestration.md "Scheduler"). The twin's initial deployment
// (sim/src/initial_deployment.cpp) and the capacity reports (reports/src/placement.cpp) both
// call place_site(fleet, site) below, so they cannot disagree.
#include <vector>

#include "edgetwin/firmware/orchestration/placement.hpp"
#include "edgetwin/model/fleet.hpp"

namespace edgetwin::model {

// Each box of the site with the capacity of its hardware (CPUs, memory in MiB, GPUs), in the
// site's order; a box of unknown hardware has none.
std::vector<fw::NodeCapacity> site_nodes(const Fleet& fleet, const Site& site);

// The apps of the site's system, in the system's order: requests, limits, priority, GPUs and
// host ports from the fleet; an app without a data service is stateless. Unknown names (which
// a validated fleet has none of) are skipped.
std::vector<fw::AppReplicas> system_apps(const Fleet& fleet, const Site& site);
// One app of the fleet as the scheduler and the app catalog take it.
fw::AppReplicas app_replicas(const App& app);

// The fleet file has no scoring policy field: placement spreads (least allocated box first),
// which also puts single-replica apps on both boxes of a site.
fw::ScoringPolicy scoring_policy(const Fleet& fleet);

// fw::place_site over the above. What does not fit is in `unplaced`, never dropped.
fw::SitePlacement place_site(const Fleet& fleet, const Site& site);

}  // namespace edgetwin::model
