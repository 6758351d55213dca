#include "edgetwin/gui/day_chart.hpp"

#include <QPainter>
#include <algorithm>

namespace edgetwin::gui {

QImage dayChart(const DayChartData& data, int width, int height) {
  QImage image(width, height, QImage::Format_ARGB32);
  image.fill(Qt::white);
  QPainter p(&image);
  p.setRenderHint(QPainter::Antialiasing, false);
  const int left = 34, bottom = 14, top = 4;
  const int plot_w = width - left - 4, plot_h = height - bottom - top;
  // The scale reaches the limits when they exceed the box (overcommit), else 100%.
  const double scale =
      std::max({1.0, data.cpu_limits, *std::max_element(data.cpu.begin(), data.cpu.end())});
  auto y_of = [&](double share) { return top + plot_h - static_cast<int>(share / scale * plot_h); };
  p.setPen(QColor("#9e9e9e"));
  p.drawLine(left, top + plot_h, left + plot_w, top + plot_h);
  p.drawText(QRect(0, std::max(0, y_of(1.0) - 6), left - 2, 12), Qt::AlignRight | Qt::AlignVCenter,
             "100%");  // kept inside the picture when 100% is its top
  const double step = static_cast<double>(plot_w) / model::kHoursPerDay;
  for (int h = 0; h < model::kHoursPerDay; ++h) {
    const int x = left + static_cast<int>(h * step) + 1;
    const int w = std::max(1, static_cast<int>(step) - 2);
    const int y = y_of(data.cpu[static_cast<std::size_t>(h)]);
    p.fillRect(x, y, w, top + plot_h - y, QColor(h == data.peak_hour ? "#1565c0" : "#64b5f6"));
    if (h % 6 == 0)
      p.drawText(QRect(x - 4, top + plot_h + 1, 30, bottom), Qt::AlignLeft, QString("%1h").arg(h));
  }
  p.setPen(QPen(QColor("#8e24aa"), 1));  // memory use
  for (int h = 1; h < model::kHoursPerDay; ++h)
    p.drawLine(left + static_cast<int>((h - 0.5) * step),
               y_of(data.memory[static_cast<std::size_t>(h - 1)]),
               left + static_cast<int>((h + 0.5) * step),
               y_of(data.memory[static_cast<std::size_t>(h)]));
  p.setPen(QPen(QColor("#2e7d32"), 2));
  p.drawLine(left, y_of(data.cpu_requests), left + plot_w, y_of(data.cpu_requests));
  p.setPen(QPen(QColor(data.cpu_limits > 1 ? "#b71c1c" : "#616161"), 1, Qt::DashLine));
  p.drawLine(left, y_of(data.cpu_limits), left + plot_w, y_of(data.cpu_limits));
  return image;
}

}  // namespace edgetwin::gui
