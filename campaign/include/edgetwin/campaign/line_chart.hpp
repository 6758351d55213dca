#pragma once
// An inline SVG line chart that puts plans side by side: x is one parameter's values (in the
// order given, numbers or words), one line per combination of the others. No scripts, no
// external resources; one <polyline> per series and one <circle> per point, so tests can count.
#include <optional>
#include <string>
#include <vector>

namespace edgetwin::campaign {

struct Series {
  std::string label;
  std::vector<std::optional<double>> y;  // one per x label; nullopt: no value (a gap)
};

std::string line_chart(const std::string& name, const std::string& title,
                       const std::vector<std::string>& x_labels, const std::string& x_title,
                       const std::vector<Series>& series, const std::string& y_title);

// Text made safe inside HTML and SVG.
std::string escape(const std::string& text);

}  // namespace edgetwin::campaign
