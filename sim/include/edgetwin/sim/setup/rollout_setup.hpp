#pragma once
// A scenario's rollout, handed to the firmware: the cloud's RolloutConfig, and the images a
// running site already has at t=0 (those are not downloaded again).
#include <optional>

#include "edgetwin/firmware/rollout/rollout_controller.hpp"
#include "edgetwin/model/scenario.hpp"
#include "edgetwin/sim/engine/sim_node.hpp"

namespace edgetwin::sim {

fw::RolloutConfig rollout_config(const model::Fleet& fleet, const model::RolloutSpec& spec);

// A box of a `start: running` site holds its system's current images and runs them.
void preinstall_images(SimNode& box, const model::Fleet& fleet, const model::Site& site);

}  // namespace edgetwin::sim
