#include "edgetwin/campaign/line_chart.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace edgetwin::campaign {
namespace {

constexpr double kWidth = 560, kHeight = 300, kLeft = 60, kRight = 180, kTop = 30, kBottom = 50;
constexpr std::array<const char*, 8> kColours{"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                              "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

double y_max(const std::vector<Series>& series) {
  double top = 0;
  for (const auto& s : series)
    for (const auto& y : s.y)
      if (y) top = std::max(top, *y);
  return top > 0 ? top * 1.1 : 1;
}

}  // namespace

std::string escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string line_chart(const std::string& name, const std::string& title,
                       const std::vector<std::string>& x_labels, const std::string& x_title,
                       const std::vector<Series>& series, const std::string& y_title) {
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  const double top = y_max(series);
  const auto x_at = [&](std::size_t i) {
    return kLeft + (x_labels.size() <= 1 ? plot_w / 2
                                         : plot_w * static_cast<double>(i) /
                                               static_cast<double>(x_labels.size() - 1));
  };
  const auto y_at = [&](double v) { return kTop + plot_h * (1 - v / top); };
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"" + escape(name) +
                    "\" width=\"" + num(kWidth) + "\" height=\"" + num(kHeight) + "\">\n";
  svg +=
      "<text x=\"" + num(kLeft) + "\" y=\"18\" font-weight=\"bold\">" + escape(title) + "</text>\n";
  svg += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(kTop + plot_h) + "\" x2=\"" +
         num(kLeft + plot_w) + "\" y2=\"" + num(kTop + plot_h) + "\" stroke=\"#444\"/>\n";
  svg += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(kLeft) +
         "\" y2=\"" + num(kTop + plot_h) + "\" stroke=\"#444\"/>\n";
  for (const double v : {0.0, top / 2, top})
    svg += "<text x=\"" + num(kLeft - 5) + "\" y=\"" + num(y_at(v) + 4) +
           "\" text-anchor=\"end\" font-size=\"11\">" + num(v) + "</text>\n";
  for (std::size_t i = 0; i < x_labels.size(); ++i)
    svg += "<text x=\"" + num(x_at(i)) + "\" y=\"" + num(kTop + plot_h + 16) +
           "\" text-anchor=\"middle\" font-size=\"11\">" + escape(x_labels[i]) + "</text>\n";
  svg += "<text x=\"" + num(kLeft + plot_w / 2) + "\" y=\"" + num(kHeight - 8) +
         "\" text-anchor=\"middle\" font-size=\"12\">" + escape(x_title) + "</text>\n";
  svg += "<text x=\"12\" y=\"" + num(kTop + plot_h / 2) +
         "\" font-size=\"12\" transform=\"rotate(-90 12 " + num(kTop + plot_h / 2) +
         ")\" text-anchor=\"middle\">" + escape(y_title) + "</text>\n";
  for (std::size_t s = 0; s < series.size(); ++s) {
    const std::string colour = kColours[s % kColours.size()];
    std::string points;
    std::string dots;
    for (std::size_t i = 0; i < series[s].y.size() && i < x_labels.size(); ++i) {
      if (!series[s].y[i]) continue;
      points += num(x_at(i)) + "," + num(y_at(*series[s].y[i])) + " ";
      dots += "<circle cx=\"" + num(x_at(i)) + "\" cy=\"" + num(y_at(*series[s].y[i])) +
              "\" r=\"3\" fill=\"" + colour + "\"><title>" + escape(series[s].label) + ", " +
              escape(x_labels[i]) + ": " + num(*series[s].y[i]) + "</title></circle>\n";
    }
    svg += "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\" points=\"" +
           points + "\"/>\n" + dots;
    const double ly = kTop + 14.0 * static_cast<double>(s);
    svg += "<text x=\"" + num(kWidth - kRight + 12) + "\" y=\"" + num(ly + 4) +
           "\" font-size=\"11\" fill=\"" + colour + "\">" + escape(series[s].label) + "</text>\n";
  }
  return svg + "</svg>\n";
}

}  // namespace edgetwin::campaign
