#pragma once
// `expect` entries of a scenario checked against a run's metrics.
#include <vector>

#include <nlohmann/json.hpp>

#include "edgetwin/model/scenario.hpp"

namespace edgetwin::sim {

// {"expect": as written, "actual": value or null, "passed": bool, "worst_site"?, "why"?}
// The compared value: a number as is; a distribution's worst case ("max"), or its
// by_site entry when the expectation names a site; a time series' value at `at_s` (its last
// value without `at_s`). A metric with no sample fails: an expected event that never happened
// is not a pass.
nlohmann::ordered_json check(const model::Expectation& expect, const nlohmann::ordered_json& metrics);

std::vector<nlohmann::ordered_json> check_all(const std::vector<model::Expectation>& expect,
                                              const nlohmann::ordered_json& metrics);

}  // namespace edgetwin::sim
