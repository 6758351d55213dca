#pragma once
// Alert metrics from the cloud's alert.raised events (alert_engine.hpp): alert_delay_s (per
// alert, from the condition's start to the cloud raising it; by site), alerts_raised,
// alerts_while_unreachable (raised late because the site's WAN or box was unreachable), and
// alerts_by_rule.
#include <nlohmann/json.hpp>

#include "edgetwin/sim/metrics/metrics.hpp"

namespace edgetwin::sim {

void add_alert_metrics(const RunFacts& facts, nlohmann::ordered_json& metrics);

}  // namespace edgetwin::sim
