#pragma once
// n1_ok_sites and n1_risk_sites (FORMATS.md) as run metrics, so an `expect` can pin a fleet's
// N-1 verdict. Computed by the reports library's own capacity calculation
// (reports::compute_capacity), the one `edgetwin report` prints: the two cannot disagree.
// Per-site companions n1_ok_sites_by_site / n1_risk_sites_by_site hold 1 for the sites counted,
// so `expect` with a `site` reads 1 or 0.
#include <nlohmann/json.hpp>

#include "edgetwin/sim/metrics/metrics.hpp"

namespace edgetwin::sim {

void add_n1_metrics(const RunFacts& facts, nlohmann::ordered_json& metrics);

}  // namespace edgetwin::sim
