#pragma once
// The bad versions of a scenario's rollout (`apps.<app>.behaviour`), made real in the boxes'
// runtimes: a container started with such a version misbehaves as its behaviour says.
//
// Which version a container runs is the cloud's record of the replica (replica names are never
// reused within an app, so a name stands for one version for good); a container the cloud has
// no record of (the initial deployment, placed before the cloud booted) runs the fleet's
// healthy version. Each start of a flawed container is logged as "app.flawed_start" (by twin),
// so a run says which sites ever ran a bad version.
#include <memory>
#include <vector>

#include "edgetwin/model/scenario.hpp"
#include "edgetwin/sim/engine/sim_node.hpp"
#include "edgetwin/sim/engine/sim_runtime.hpp"

namespace edgetwin::sim {

// The flaw of `behaviour` for a container of that spec (its limits decide OOM and throttling);
// nullopt when the behaviour does nothing to it.
std::optional<ContainerFlaw> flaw_of(const model::AppBehaviour& behaviour,
                                     const fw::ContainerSpec& spec);

// Hooks every box's runtime to the rollout's behaviours; nothing when no version has one.
void install_app_flaws(const model::Scenario& scenario, const SimNode& cloud,
                       const std::vector<std::unique_ptr<SimNode>>& boxes, SimWorld& world);

}  // namespace edgetwin::sim
