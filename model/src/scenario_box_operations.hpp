#pragma once
// The box operations among a scenario's `operations` ("op": "replace-box"): a technician swaps
// a site's box (or its disk) and the console's operator replaces the node, authorized as the
// console authorizes O&M when it runs (docs/activation.md, "Box replacement").
#include <optional>
#include <string>

#include "scenario_parse.hpp"

namespace edgetwin::model {

// True when the item's "op" is "replace-box".
bool is_box_operation(const Json& item);
std::optional<OperationSpec> read_box_operation(ScenarioContext& context, const Json& o,
                                                const std::string& pointer);

}  // namespace edgetwin::model
