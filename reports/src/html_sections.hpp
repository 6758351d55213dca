#pragma once
// The sections of the HTML report (internal to the reports library).
#include <string>
#include <vector>

#include "edgetwin/reports/report.hpp"

namespace edgetwin::reports {

// At most this many sites or boxes in a chart or an HTML table; the CSV files have them all.
inline constexpr std::size_t kTopRows = 20;

// <tr> of escaped cells; a cell starting with '\x01' is taken as already-escaped HTML.
std::string html_row(const std::vector<std::string>& cells, const char* tag = "td");
std::string html_raw(const std::string& html);  // marks a cell as HTML for html_row
// A number that must be zero: red and bold when it is not.
std::string must_be_zero(double value, const std::string& unit = "");

std::string capacity_section(const Report& report);
// Within the capacity section, per fleet: use over the day (html_capacity_day.cpp).
std::string capacity_day_html(const FleetSection& fleet, std::size_t index);
std::string ha_section(const Report& report);
std::string rollout_section(const Report& report);  // "" when no run had a rollout

}  // namespace edgetwin::reports
