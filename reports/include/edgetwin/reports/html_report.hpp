#pragma once
// One self-contained HTML page for capacity planners and managers: inline CSS and SVG, no
// scripts, nothing fetched from the network. Sections: inputs, summary, Capacity, HA, Assertions.
#include <string>

#include "edgetwin/reports/report.hpp"

namespace edgetwin::reports {

// Escapes & < > " ' so any text (site names, file paths, messages) is safe in elements and
// attribute values.
std::string html_escape(const std::string& text);

std::string html_report(const Report& report);

}  // namespace edgetwin::reports
