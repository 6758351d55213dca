#pragma once
// Inline SVG charts for the self-contained HTML report (internal): no scripts, no external
// resources. A bar chart draws exactly one <rect> per bar, so tests can count what it plots.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edgetwin::reports {

struct Bar {
  std::string label;
  double value = 0;
  bool alert = false;   // drawn red
  std::string tooltip;  // shown on hover (<title>)
};

// Horizontal bars, largest scale from the values (and `reference`, a dashed line such as a
// bound or 100%). `name` goes in data-chart, for tests and for links.
std::string bar_chart(const std::string& name, const std::vector<Bar>& bars,
                      const std::string& unit, std::optional<double> reference = std::nullopt);

// A step line of (t_s, value) points from t=0 to `end_s`.
std::string step_chart(const std::string& name, const std::vector<std::pair<double, double>>& points,
                       double end_s, const std::string& y_label);

struct Span {
  std::string label;
  double start_s = 0;
  double end_s = 0;
  bool alert = false;    // drawn red (a wave with failed sites)
  std::string tooltip;
};

// One horizontal span per row on a common time axis from 0 to `end_s` (a wave timeline); one
// <rect> per span.
std::string timeline_chart(const std::string& name, const std::vector<Span>& spans, double end_s);

}  // namespace edgetwin::reports
