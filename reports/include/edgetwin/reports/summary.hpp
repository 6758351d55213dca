#pragma once
// The short human summary of a run result that `edgetwin run` prints: the headline metrics
// and every assertion with its bound and actual value.
#include <string>

#include <nlohmann/json.hpp>

namespace edgetwin::reports {

std::string format_run_summary(const nlohmann::ordered_json& result);

}  // namespace edgetwin::reports
