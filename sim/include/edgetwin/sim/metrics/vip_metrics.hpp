#pragma once
// VIP metrics from the twin's record of who owned each site's VIP over time (vip.claim and
// vip.release events): vip_failover_s, dual_master_s (+ _by_site), vip_transitions.
#include <nlohmann/json.hpp>

#include "edgetwin/sim/metrics/metrics.hpp"

namespace edgetwin::sim {

void add_vip_metrics(const RunFacts& facts, nlohmann::ordered_json& metrics);

}  // namespace edgetwin::sim
