#pragma once
// The scenario's `console` commands, run at their times through the firmware that ships: the
// cloud's CloudConsole (accounts, grants, O&M; each authorized by the cluster's permissions and
// audited) and each box's EdgeConsole (the super account iotedgeadmin). Every command ends in
// one `console.op` event on the node that ran it: op, actor, site, box, outcome (accepted,
// denied: the actor lacks the permission; refused: the console's rules or an unreachable node
// said no) and why. The metrics count them with the app operations (operations_*).
//
// Not modelled: the path from the operator's browser (a command needs its node powered, not a
// working WAN), and the cloud -> box leg of reset-password crosses no simulated link: the box
// applies it at once when it is up.
#include <map>
#include <memory>
#include <string>

#include "edgetwin/model/scenario.hpp"
#include "edgetwin/sim/engine/sim_node.hpp"
#include "edgetwin/sim/engine/world_loop.hpp"

namespace edgetwin::sim {

struct ConsoleState;

// Schedules every command of `scenario.console` on `loop`; the nodes must outlive the run.
void schedule_console_operations(const model::Scenario& scenario, SimNode& cloud,
                                 const std::map<std::string, SimNode*>& boxes, WorldLoop& loop);

}  // namespace edgetwin::sim
