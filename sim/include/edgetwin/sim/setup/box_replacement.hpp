#pragma once
// A scenario's `replace-box` operations (docs/activation.md, "Box replacement"): at `at_s` a
// technician takes the box out (its disk and containers go with it) and the console's operator
// replaces the node as `actor` (O&M, authorized and audited like every console command, said
// as a `console.op` event): the cloud voids the node's session, codes and cloud-link key, puts
// it back to `created` and issues a new bind code, which the operator notes. `swap_s` later the
// new box powers on out of the factory, runs the first-boot dialogue with that code,
// activates, and gets its site's desired state from the cloud and its data from its peer.
#include <map>
#include <string>

#include "edgetwin/model/scenario.hpp"
#include "edgetwin/sim/engine/sim_node.hpp"
#include "edgetwin/sim/engine/world_loop.hpp"

namespace edgetwin::sim {

void schedule_box_replacements(const model::Scenario& scenario, SimNode& cloud,
                               const std::map<std::string, SimNode*>& boxes, WorldLoop& loop);

}  // namespace edgetwin::sim
