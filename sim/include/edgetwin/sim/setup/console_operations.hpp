#pragma once
// The scenario's `console` commands, run at their times through the firmware that ships: the
// cloud's CloudConsole (accounts, grants, O&M; each authorized by the cluster's permissions and
// audited) and each box's EdgeConsole (the super account iotedgeadmin). Every command ends in
// one `console.op` event on the node that ran it: op, actor, site, box, outcome (accepted,
// denied: the actor lacks the permission; refused: the console's rules or an unreachable node
// said no) and why. The metrics count them with the app operations (operations_*).
//
// An accepted reset-password goes on from the cloud to the box as a console command over the
// box's cloud link (access/console_command_queue.hpp): lost, delayed or held up by a WAN outage
// like any datagram, re-sent until the box answers; its `console.command` events (phase sent,
// done, dropped) carry the outcome, which the metrics count (console_commands_*).
//
// Not modelled: the path from the operator's browser (a command needs its node powered, not a
// working WAN).
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "edgetwin/model/scenario.hpp"
#include "edgetwin/sim/engine/sim_node.hpp"
#include "edgetwin/sim/engine/world_loop.hpp"

namespace edgetwin::sim {

struct ConsoleState;

// Runs a start script the console showed for a node on that node's host (the fleet's generic
// nodes: generic_nodes.hpp); empty: nobody runs scripts.
using ScriptRunner = std::function<void(const std::string& node, const std::string& script)>;

// Schedules every command of `scenario.console` on `loop`; the nodes must outlive the run.
void schedule_console_operations(const model::Scenario& scenario, SimNode& cloud,
                                 const std::map<std::string, SimNode*>& boxes, WorldLoop& loop,
                                 ScriptRunner run_script = {});

}  // namespace edgetwin::sim
