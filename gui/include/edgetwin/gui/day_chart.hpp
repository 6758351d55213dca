#pragma once
// A box's use over the day as a small picture for the site detail (QTextBrowser shows it as
// an image resource): one bar per hour of the box's CPU use as a share of its CPUs, the peak
// hour's bar darker, and the box's CPU requests (green) and limits (grey, red above 100%) as
// lines across the day; memory use as a thin line.
#include <QImage>
#include <array>

#include "edgetwin/model/load_profile.hpp"

namespace edgetwin::gui {

struct DayChartData {
  std::array<double, model::kHoursPerDay> cpu{};     // share of the box's CPUs, per hour
  std::array<double, model::kHoursPerDay> memory{};  // share of its memory, per hour
  double cpu_requests = 0;                           // share of its CPUs
  double cpu_limits = 0;
  int peak_hour = 0;
};

QImage dayChart(const DayChartData& data, int width = 360, int height = 90);

}  // namespace edgetwin::gui
