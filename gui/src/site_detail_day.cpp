// The site detail's use over the day and run result (site_detail_panel.hpp): kept apart from
// the panel's layout code.
#include <QUrl>

#include "edgetwin/gui/day_chart.hpp"
#include "edgetwin/gui/site_detail_panel.hpp"

namespace edgetwin::gui {
namespace {

QString hour_label(int hour) { return QString("%1:00").arg(hour, 2, 10, QChar('0')); }

QString percent(double share) { return QString::number(share * 100, 'f', 0) + "%"; }

}  // namespace

void SiteDetailPanel::setRunResult(const QString& result_path) {
  if (result_path.isEmpty() || !monitoring_.load(result_path)) monitoring_.clear();
  refresh();
}

QVariant SiteDetailPanel::loadResource(int type, const QUrl& name) {
  if (type == QTextDocument::ImageResource && name.scheme() == "day")
    if (const auto it = day_images_.find(name.toString()); it != day_images_.end())
      return it->second;
  return QTextBrowser::loadResource(type, name);
}

QString SiteDetailPanel::dayHtml(const model::Site& site) {
  const bool from_run = monitoring_.loaded();
  QString html = QString("<h3>Use over the day (%1)</h3>")
                     .arg(from_run ? tr("the run's: what each box carried as it ended")
                                   : tr("the plan: replicas placed as a run starts"));
  for (const auto& box : site.boxes) {
    const auto load = box_loads_.find(box.name);
    if (load == box_loads_.end() || load->second >= day_.boxes.size()) continue;
    const reports::BoxDay& plan = day_.boxes[load->second];
    DayChartData data;
    const reports::Resources requests = reports::ratio(plan.requests, plan.capacity);
    const reports::Resources limits = reports::ratio(plan.limits, plan.capacity);
    data.cpu_requests = requests.cpus;
    data.cpu_limits = limits.cpus;
    data.peak_hour = plan.peak_hour;
    for (std::size_t h = 0; h < data.cpu.size(); ++h) {
      const reports::Resources share = reports::ratio(plan.use[h], plan.capacity);
      data.cpu[h] = share.cpus;
      data.memory[h] = share.memory_gib;
    }
    if (const auto run = monitoring_.day(box.name)) {
      data.cpu = run->cpu;
      data.memory = run->memory;
      data.peak_hour = run->peak_hour;
    }
    const QString url = "day:" + QString::fromStdString(box.name);
    day_images_[url] = dayChart(data);
    const auto peak = static_cast<std::size_t>(data.peak_hour);
    html += QString(
                "<p><b>%1</b> peak %2: CPU %3, memory %4 &middot; CPU requests %5, limits %6"
                "<br><img src='%7'></p>")
                .arg(QString::fromStdString(box.name), hour_label(data.peak_hour),
                     percent(data.cpu[peak]), percent(data.memory[peak]), percent(requests.cpus),
                     percent(limits.cpus), url);
  }
  return html +
         "<p><small>bars: CPU use per hour (dark: the peak hour); lines: CPU requests "
         "(green), limits (dashed), memory use (purple)</small></p>";
}

}  // namespace edgetwin::gui
