#pragma once
// Rollout metrics from the cloud's rollout.* events: rollout_total_s, the wave timeline,
// per-site time to ready, failed sites, whether the rollout paused; image bytes pulled.
#include <nlohmann/json.hpp>

#include "edgetwin/sim/metrics/metrics.hpp"

namespace edgetwin::sim {

void add_rollout_metrics(const RunFacts& facts, nlohmann::ordered_json& metrics);

}  // namespace edgetwin::sim
