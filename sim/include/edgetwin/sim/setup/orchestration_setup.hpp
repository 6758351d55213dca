#pragma once
// A scenario's app lifecycle, handed to the firmware: the cloud's OrchestratorConfig (the app
// catalog, every site's boxes and what runs there at t=0, the grants), the scenario's
// operations as the cloud's scheduled operations, and for `start: running` the desired state
// each box holds on its disk at t=0 (the same the cloud computes, so nothing moves at boot).
#include <string>
#include <vector>

#include "edgetwin/firmware/orchestration/app_orchestrator.hpp"
#include "edgetwin/model/scenario.hpp"
#include "edgetwin/sim/engine/sim_node.hpp"

namespace edgetwin::sim {

struct ScheduledOperation {
  double at_s = 0;
  fw::AppOperation op;
};

fw::OrchestratorConfig orchestration_config(const model::Scenario& scenario, bool factory);
std::vector<ScheduledOperation> scheduled_operations(const model::Scenario& scenario);

// The site's desired state at t=0, as the cloud's controller computes it from `config`.
fw::SiteDesiredState initial_desired_state(const fw::OrchestratorConfig& config,
                                           const std::string& site);

// Writes what a box of a running site holds at t=0: its own desired state (the reconciler's
// record) and the site's placement (the failover plan), both synced.
void seed_desired_state(SimNode& box, const fw::SiteDesiredState& state);

}  // namespace edgetwin::sim
