#include "svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "edgetwin/reports/html_report.hpp"
#include "text_format.hpp"

namespace edgetwin::reports {
namespace {

constexpr int kWidth = 680;
constexpr int kLabelWidth = 150;  // site names are short; longer ones are cut by the SVG
constexpr int kBarArea = 430;
constexpr int kRowHeight = 22;
constexpr int kBarHeight = 16;
constexpr int kTop = 8;
constexpr int kLineHeight = 220;
constexpr int kPlotLeft = 60;
constexpr int kPlotBottom = 30;
constexpr const char* kBarColor = "#1565c0";
constexpr const char* kAlertColor = "#c62828";

std::string coord(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string bar_row(const Bar& bar, int row, double scale, const std::string& unit) {
  const double y = kTop + row * kRowHeight;
  const double w = std::isinf(bar.value) ? kBarArea : std::max(0.0, bar.value) * scale;
  std::ostringstream out;
  out << "<text x=\"" << kLabelWidth - 6 << "\" y=\"" << coord(y + 13)
      << "\" text-anchor=\"end\">" << html_escape(bar.label) << "</text>"
      << "<rect x=\"" << kLabelWidth << "\" y=\"" << coord(y + 3) << "\" width=\"" << coord(w)
      << "\" height=\"" << kBarHeight << "\" fill=\"" << (bar.alert ? kAlertColor : kBarColor)
      << "\"><title>" << html_escape(bar.tooltip.empty() ? bar.label : bar.tooltip)
      << "</title></rect>"
      << "<text x=\"" << coord(kLabelWidth + w + 4) << "\" y=\"" << coord(y + 15) << "\">"
      << html_escape(format_number(bar.value) + unit) << "</text>\n";
  return out.str();
}

}  // namespace

std::string bar_chart(const std::string& name, const std::vector<Bar>& bars,
                      const std::string& unit, std::optional<double> reference) {
  double top = reference.value_or(0);
  for (const auto& b : bars)
    if (!std::isinf(b.value)) top = std::max(top, b.value);
  const double scale = top > 0 ? kBarArea / top : 0;
  const int height = kTop * 2 + static_cast<int>(bars.size()) * kRowHeight;
  std::ostringstream out;
  out << "<svg class=\"chart\" data-chart=\"" << html_escape(name) << "\" width=\"" << kWidth
      << "\" height=\"" << height << "\" viewBox=\"0 0 " << kWidth << " " << height
      << "\" role=\"img\">\n";
  for (std::size_t i = 0; i < bars.size(); ++i)
    out << bar_row(bars[i], static_cast<int>(i), scale, unit);
  if (reference && scale > 0) {
    const std::string x = coord(kLabelWidth + *reference * scale);
    out << "<line x1=\"" << x << "\" y1=\"0\" x2=\"" << x << "\" y2=\"" << height
        << "\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n";
  }
  out << "</svg>\n";
  return out.str();
}

std::string step_chart(const std::string& name, const std::vector<std::pair<double, double>>& points,
                       double end_s, const std::string& y_label) {
  double y_max = 1;
  for (const auto& [t, v] : points) y_max = std::max(y_max, v);
  end_s = std::max(end_s, points.empty() ? 1.0 : points.back().first);
  const double plot_w = kWidth - kPlotLeft - 20;
  const double plot_h = kLineHeight - kPlotBottom - 10;
  auto x_of = [&](double t) { return coord(kPlotLeft + t / end_s * plot_w); };
  auto y_of = [&](double v) { return coord(10 + plot_h - v / y_max * plot_h); };
  std::ostringstream line;
  double last = points.empty() ? 0 : points.front().second;
  for (const auto& [t, v] : points) {
    line << x_of(t) << "," << y_of(last) << " " << x_of(t) << "," << y_of(v) << " ";
    last = v;
  }
  line << x_of(end_s) << "," << y_of(last);
  std::ostringstream out;
  out << "<svg class=\"chart\" data-chart=\"" << html_escape(name) << "\" width=\"" << kWidth
      << "\" height=\"" << kLineHeight << "\" viewBox=\"0 0 " << kWidth << " " << kLineHeight
      << "\" role=\"img\">\n"
      << "<line x1=\"" << kPlotLeft << "\" y1=\"" << y_of(0) << "\" x2=\"" << x_of(end_s)
      << "\" y2=\"" << y_of(0) << "\" stroke=\"#555\"/>\n"
      << "<line x1=\"" << kPlotLeft << "\" y1=\"10\" x2=\"" << kPlotLeft << "\" y2=\"" << y_of(0)
      << "\" stroke=\"#555\"/>\n"
      << "<text x=\"" << kPlotLeft - 6 << "\" y=\"" << y_of(y_max) << "\" text-anchor=\"end\">"
      << format_number(y_max) << "</text>\n"
      << "<text x=\"" << kPlotLeft - 6 << "\" y=\"" << y_of(0) << "\" text-anchor=\"end\">0</text>\n"
      << "<text x=\"" << x_of(end_s) << "\" y=\"" << kLineHeight - 8 << "\" text-anchor=\"end\">"
      << format_number(end_s, 0) << " s</text>\n"
      << "<text x=\"" << kPlotLeft << "\" y=\"" << kLineHeight - 8 << "\">0 s · "
      << html_escape(y_label) << "</text>\n"
      << "<polyline fill=\"none\" stroke=\"" << kBarColor << "\" stroke-width=\"2\" points=\""
      << line.str() << "\"/>\n</svg>\n";
  return out.str();
}

std::string timeline_chart(const std::string& name, const std::vector<Span>& spans, double end_s) {
  for (const auto& s : spans) end_s = std::max(end_s, s.end_s);
  const double scale = end_s > 0 ? kBarArea / end_s : 0;
  const int axis_y = kTop + static_cast<int>(spans.size()) * kRowHeight;
  const int height = axis_y + 24;
  std::ostringstream out;
  out << "<svg class=\"chart\" data-chart=\"" << html_escape(name) << "\" width=\"" << kWidth
      << "\" height=\"" << height << "\" viewBox=\"0 0 " << kWidth << " " << height
      << "\" role=\"img\">\n";
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const Span& s = spans[i];
    const double y = kTop + static_cast<double>(i) * kRowHeight;
    const double x = kLabelWidth + s.start_s * scale;
    const double w = std::max(1.0, (s.end_s - s.start_s) * scale);
    out << "<text x=\"" << kLabelWidth - 6 << "\" y=\"" << coord(y + 13)
        << "\" text-anchor=\"end\">" << html_escape(s.label) << "</text>"
        << "<rect x=\"" << coord(x) << "\" y=\"" << coord(y + 3) << "\" width=\"" << coord(w)
        << "\" height=\"" << kBarHeight << "\" fill=\"" << (s.alert ? kAlertColor : kBarColor)
        << "\"><title>" << html_escape(s.tooltip.empty() ? s.label : s.tooltip) << "</title></rect>\n";
  }
  out << "<line x1=\"" << kLabelWidth << "\" y1=\"" << axis_y << "\" x2=\""
      << coord(kLabelWidth + kBarArea) << "\" y2=\"" << axis_y << "\" stroke=\"#555\"/>\n"
      << "<text x=\"" << kLabelWidth << "\" y=\"" << axis_y + 16 << "\">0 s</text>"
      << "<text x=\"" << coord(kLabelWidth + kBarArea) << "\" y=\"" << axis_y + 16
      << "\" text-anchor=\"end\">" << format_number(end_s, 0) << " s</text>\n</svg>\n";
  return out.str();
}

}  // namespace edgetwin::reports
