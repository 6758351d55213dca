#pragma once
// The results of one scenario under many seeds, summarised: how each metric is distributed over
// the seeds and which seeds broke which `expect` entry. `edgetwin sweep` writes it as sweep.json.
#include <nlohmann/json.hpp>
#include <vector>

namespace edgetwin::reports {

// {"format": "edgetwin.sweep/v1", "scenario", "seeds": [...], "runs", "passed",
//  "failed_seeds": [...],
//  "metrics": {name: {"seeds": n, "min", "p50", "p95", "p99", "max"}},
//  "assertions": [{"index", "expect", "failures", "failed_seeds": [...]}]}
// A metric's value per seed is the number itself, or a distribution's "max" (its worst case);
// seeds where it has no value (null) are left out and "seeds" counts the rest. Time series and
// per-site tables are not aggregated. Percentiles are nearest-rank, as in the run results.
// Seeds are listed in the order of `results`.
nlohmann::ordered_json aggregate_sweep(const std::vector<nlohmann::ordered_json>& results);

}  // namespace edgetwin::reports
