#pragma once
// Application metrics from the firmware's events: restarts (container.restart) and
// app_recovery_s (per fault, until the replicas it took down serve again).
#include <nlohmann/json.hpp>

#include "edgetwin/sim/metrics/metrics.hpp"

namespace edgetwin::sim {

void add_app_metrics(const RunFacts& facts, nlohmann::ordered_json& metrics);

}  // namespace edgetwin::sim
