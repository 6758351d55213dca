#pragma once
// The rollout commands among a scenario's `operations` ("op": "rollout.pause" | "rollout.resume"
// | "rollout.abort" | "rollout.retry_failed"): the console's commands on the rollout under way,
// authorized as the console authorizes them when they run. Kept apart from the app operations'
// reader so both grow without touching each other.
#include <optional>
#include <string>

#include "scenario_parse.hpp"

namespace edgetwin::model {

// True when the item's "op" is a string that starts with "rollout.".
bool is_rollout_operation(const Json& item);
// `has_rollout`: the scenario has a `rollout` for the command to act on.
std::optional<OperationSpec> read_rollout_operation(ScenarioContext& context, const Json& o,
                                                    const std::string& pointer, bool has_rollout);

}  // namespace edgetwin::model
