#pragma once
// The report's numbers as one JSON object (format edgetwin.report/v1): inputs, summary, capacity
// per distinct fleet (totals, every box, every site's N-1 check) and HA per run. Ratios on a
// resource a box lacks (infinite) are null.
#include <nlohmann/json.hpp>

#include "edgetwin/reports/report.hpp"

namespace edgetwin::reports {

nlohmann::ordered_json json_report(const Report& report);

}  // namespace edgetwin::reports
