#pragma once
// Activation metrics of a factory start (docs/activation.md), from the cloud's node.status
// events: `activation_total_s` (from power-on at t=0 until the last box of the fleet is
// `running`; null if some box never got there), `activation_s` (per box, a distribution by
// site), `nodes_activated` and `activation_rejections`. Absent when nothing was activated.
#include <nlohmann/json.hpp>

#include "edgetwin/sim/metrics/metrics.hpp"

namespace edgetwin::sim {

void add_activation_metrics(const RunFacts& facts, nlohmann::ordered_json& metrics);

}  // namespace edgetwin::sim
