#include "edgetwin/gui/results_panel.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QJsonArray>
#include <QLabel>
#include <QLineSeries>
#include <QProcess>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include "edgetwin/gui/number_format.hpp"
#include "edgetwin/gui/site_state.hpp"
#include "edgetwin/reports/capacity.hpp"

namespace edgetwin::gui {
namespace {

QChartView* make_view(QWidget* parent) {
  auto* chart = new QChart;
  chart->setMargins(QMargins(4, 4, 4, 4));
  chart->legend()->setAlignment(Qt::AlignBottom);
  auto* view = new QChartView(chart, parent);
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumSize(300, 200);
  return view;
}

// Empties a chart; axes belong to the chart and go with it.
QChart* reset_chart(QChartView* view, const QString& title) {
  QChart* chart = view->chart();
  chart->removeAllSeries();
  for (QAbstractAxis* axis : chart->axes()) {
    chart->removeAxis(axis);
    delete axis;
  }
  chart->setTitle(title);
  return chart;
}

QValueAxis* value_axis(QChart* chart, Qt::Alignment where, const QString& title, double max) {
  auto* axis = new QValueAxis;
  axis->setTitleText(title);
  axis->setRange(0, max > 0 ? max : 1);
  // Ticks on round values from 0 (issue 19: the rollout chart read 838.184, 1676.37, ...).
  const double step = nice_step(max > 0 ? max : 1);
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0);
  axis->setTickInterval(step);
  axis->setLabelFormat(step >= 1 ? "%.0f" : "%g");
  chart->addAxis(axis, where);
  return axis;
}

void attach(QChart* chart, QAbstractSeries* series) {
  chart->addSeries(series);
  for (QAbstractAxis* axis : chart->axes()) series->attachAxis(axis);
}

}  // namespace

ResultsPanel::ResultsPanel(QWidget* parent)
    : QWidget(parent),
      summary_(new QLabel(this)),
      failover_(make_view(this)),
      capacity_(make_view(this)),
      nodes_(make_view(this)),
      rollout_(make_view(this)),
      assertions_(new QTreeWidget(this)),
      export_(new QPushButton(tr("Export HTML report… (Ctrl+E)"), this)) {
  summary_->setWordWrap(true);
  auto* charts = new QWidget(this);
  auto* grid = new QGridLayout(charts);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->addWidget(failover_, 0, 0);
  grid->addWidget(capacity_, 0, 1);
  // Without rollout events the boxes-running chart takes the whole row.
  auto* lower = new QHBoxLayout;
  lower->addWidget(nodes_);
  lower->addWidget(rollout_);
  grid->addLayout(lower, 1, 0, 1, 2);
  auto* table = new QTableView(this);
  table->setModel(&metrics_);
  table->verticalHeader()->hide();
  table->verticalHeader()->setDefaultSectionSize(20);
  table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  assertions_->setHeaderLabels({tr("assertion"), tr("actual"), tr("")});
  assertions_->setRootIsDecorated(false);
  assertions_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  auto* side = new QSplitter(Qt::Vertical, this);
  side->addWidget(table);
  side->addWidget(assertions_);
  auto* right = new QWidget(this);
  auto* right_layout = new QVBoxLayout(right);
  right_layout->setContentsMargins(0, 0, 0, 0);
  right_layout->addWidget(summary_);
  right_layout->addWidget(side, 1);
  right_layout->addWidget(export_);
  auto* split = new QSplitter(this);
  split->setObjectName("resultsSplitter");
  split->addWidget(charts);
  split->addWidget(right);
  right->setMinimumWidth(470);  // the metrics table's six columns without clipping
  split->setStretchFactor(0, 1);
  split->setSizes({850, 490});
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);
  connect(export_, &QPushButton::clicked, this, &ResultsPanel::exportRequested);
  clear();
}

void ResultsPanel::setFleet(const model::Fleet& fleet) {
  fleet_ = fleet;
  fillCapacityChart();
}

void ResultsPanel::clear() {
  metrics_.clear();
  result_path_.clear();
  summary_->setText(tr("No run yet: run the scenario (F5) to see its results here."));
  export_->setEnabled(false);
  assertions_->clear();
  fillFailoverChart();
  fillNodesChart();
  fillRolloutChart({});
}

QString ResultsPanel::showRun(const QString& result_path, const std::vector<QJsonObject>& history) {
  const QString error = metrics_.loadFile(result_path);
  if (!error.isEmpty()) {
    clear();
    summary_->setText(error);
    return error;
  }
  result_path_ = result_path;
  const QJsonObject r = metrics_.result();
  summary_->setText(tr("<b>%1</b>, seed %2: %3 simulated seconds in %4 s wall time. "
                       "Assertions: %5 passed, %6 failed: <b style='color:%7'>%8</b>")
                        .arg(r.value("scenario").toString())
                        .arg(r.value("seed").toInteger())
                        .arg(r.value("sim_time_s").toDouble(), 0, 'f', 0)
                        .arg(r.value("wall_s").toDouble(), 0, 'f', 1)
                        .arg(metrics_.assertionsPassed())
                        .arg(metrics_.assertionsFailed())
                        .arg(r.value("passed").toBool() ? "#2e7d32" : "#b71c1c",
                             r.value("passed").toBool() ? tr("PASSED") : tr("FAILED")));
  export_->setEnabled(true);
  fillFailoverChart();
  fillNodesChart();
  fillRolloutChart(history);
  fillAssertions();
  return {};
}

void ResultsPanel::fillFailoverChart() {
  QChart* chart = reset_chart(failover_, tr("VIP failover time (worst per site)"));
  const auto samples = metrics_.bySite("vip_failover_s");
  failover_samples_ = static_cast<int>(samples.size());
  if (samples.empty()) {
    chart->setTitle(tr("VIP failover time: no failover in this run"));
    return;
  }
  double lo = samples.front().second, hi = lo;
  for (const auto& [site, s] : samples) {
    lo = std::min(lo, s);
    hi = std::max(hi, s);
  }
  // Bins cover [first, last] sample only: failovers cluster near the VRRP timeout, not at 0.
  const int first = static_cast<int>(lo / kFailoverBinS);
  const int bins = static_cast<int>(hi / kFailoverBinS) - first + 1;
  std::vector<int> counts(static_cast<std::size_t>(bins), 0);
  for (const auto& [site, s] : samples)
    ++counts[static_cast<std::size_t>(std::min(bins - 1, static_cast<int>(s / kFailoverBinS) - first))];
  auto* set = new QBarSet(tr("sites"));
  QStringList labels;
  int most = 0;
  for (int b = 0; b < bins; ++b) {
    *set << counts[static_cast<std::size_t>(b)];
    most = std::max(most, counts[static_cast<std::size_t>(b)]);
    labels << QString::number((first + b) * kFailoverBinS, 'f', 2);
  }
  auto* axis_x = new QBarCategoryAxis;
  axis_x->append(labels);
  axis_x->setTitleText(tr("seconds (bin start, %1 s bins)").arg(kFailoverBinS));
  axis_x->setLabelsAngle(labels.size() > 8 ? -90 : 0);
  axis_x->setTruncateLabels(false);
  chart->addAxis(axis_x, Qt::AlignBottom);
  value_axis(chart, Qt::AlignLeft, tr("sites"), most + 1)->setTickType(QValueAxis::TicksDynamic);
  static_cast<QValueAxis*>(chart->axes(Qt::Vertical).front())->setTickInterval(std::max(1, (most + 1) / 5));
  auto* series = new QBarSeries;
  series->append(set);
  attach(chart, series);
  chart->legend()->hide();
}

void ResultsPanel::fillCapacityChart() {
  QChart* chart = reset_chart(capacity_, {});
  const reports::CapacityReport report = reports::compute_capacity(fleet_);
  std::vector<const reports::SiteN1*> sites;
  for (const auto& s : report.sites) sites.push_back(&s);
  std::stable_sort(sites.begin(), sites.end(), [](const auto* a, const auto* b) {
    return a->request_share().cpus > b->request_share().cpus;
  });
  if (sites.size() > kCapacitySitesShown) sites.resize(kCapacitySitesShown);
  chart->setTitle(tr("Capacity per site: %1 most loaded of %2 (%3 at N-1 risk)")
                      .arg(sites.size()).arg(report.sites.size()).arg(report.n1_risk_sites()));
  auto* cpu = new QBarSet(tr("CPU %"));
  auto* memory = new QBarSet(tr("memory %"));
  auto* gpu = new QBarSet(tr("GPU %"));
  QStringList labels;
  for (const auto* s : sites) {
    const reports::Resources share = s->request_share();
    *cpu << 100 * share.cpus;
    *memory << 100 * share.memory_gib;
    *gpu << (std::isfinite(share.gpus) ? 100 * share.gpus : 100);
    labels << QString::fromStdString(s->site);
  }
  // Horizontal bars: site names stay readable on the vertical axis, most loaded on top.
  std::reverse(labels.begin(), labels.end());
  for (QBarSet* set : {cpu, memory, gpu}) {
    QList<qreal> values;
    for (int i = set->count() - 1; i >= 0; --i) values << set->at(i);
    set->remove(0, set->count());
    set->append(values);
  }
  auto* axis_y = new QBarCategoryAxis;
  axis_y->append(labels);
  axis_y->setTruncateLabels(false);  // short site names, elided to "..." otherwise
  chart->addAxis(axis_y, Qt::AlignLeft);
  value_axis(chart, Qt::AlignBottom, tr("requests, % of site capacity"), 100);
  auto* series = new QHorizontalBarSeries;
  series->append({cpu, memory, gpu});
  attach(chart, series);
  chart->legend()->show();
}

void ResultsPanel::fillNodesChart() {
  QChart* chart = reset_chart(nodes_, tr("Boxes running (the cloud's node list)"));
  const auto points = metrics_.series("nodes_running");
  if (points.empty()) return;
  auto* line = new QLineSeries;
  line->setName(tr("running"));
  double prev = 0, most = 0;
  for (const auto& [t, n] : points) {
    line->append(t, prev);  // a step: the count holds until the next change
    line->append(t, n);
    prev = n;
    most = std::max(most, n);
  }
  const double end = metrics_.result().value("sim_time_s").toDouble(points.back().first);
  line->append(end, prev);
  value_axis(chart, Qt::AlignBottom, tr("simulated time (s)"), end);
  value_axis(chart, Qt::AlignLeft, tr("boxes"), most * 1.05)->applyNiceNumbers();
  attach(chart, line);
  chart->legend()->hide();
}

void ResultsPanel::fillRolloutChart(const std::vector<QJsonObject>& history) {
  QChart* chart = reset_chart(rollout_, tr("Rollout progress"));
  // A site counts as rolled out when a rollout event leaves it neither rolling out nor failed.
  std::map<QString, SiteFacts> sites;
  std::set<QString> done;
  std::vector<std::pair<double, int>> done_over_time;
  for (const QJsonObject& e : history) {
    if (!e.value("kind").toString().startsWith("rollout.")) continue;
    const QString site = event_site(e);
    if (site.isEmpty()) continue;
    SiteFacts& f = sites[site];
    apply_event(f, e);
    if (f.rolling_out.isEmpty() && f.rollout_failed.isEmpty()) done.insert(site);
    else done.erase(site);
    done_over_time.emplace_back(e.value("t").toDouble(), static_cast<int>(done.size()));
  }
  rollout_->setVisible(!done_over_time.empty());
  if (done_over_time.empty()) return;
  auto* line = new QLineSeries;
  for (const auto& [t, n] : done_over_time) line->append(t, n);
  value_axis(chart, Qt::AlignBottom, tr("simulated time (s)"), done_over_time.back().first);
  value_axis(chart, Qt::AlignLeft, tr("sites rolled out"), static_cast<double>(fleet_.sites.size()));
  attach(chart, line);
  chart->legend()->hide();
}

bool ResultsPanel::rolloutChartShown() const { return !rollout_->isHidden(); }

void ResultsPanel::fillAssertions() {
  assertions_->clear();
  for (const QJsonValue& v : metrics_.result().value("assertions").toArray()) {
    const QJsonObject a = v.toObject();
    const QJsonObject expect = a.value("expect").toObject();
    QStringList bound{expect.value("metric").toString()};
    for (const char* key : {"site", "app", "at_s", "min", "max", "equals"})
      if (expect.contains(key)) bound << QString("%1 %2").arg(key, expect.value(key).toVariant().toString());
    auto* item = new QTreeWidgetItem(assertions_, {bound.join(' '), a.value("actual").toVariant().toString(),
                                                   a.value("passed").toBool() ? tr("pass") : tr("FAIL")});
    item->setForeground(2, a.value("passed").toBool() ? QColor(0x2e, 0x7d, 0x32) : QColor(0xb7, 0x1c, 0x1c));
  }
}

void ResultsPanel::exportHtml(const QString& html_path) {
  if (result_path_.isEmpty() || (report_ != nullptr && report_->state() != QProcess::NotRunning)) return;
  if (report_ != nullptr) report_->deleteLater();
  report_ = new QProcess(this);
  report_->setProcessChannelMode(QProcess::MergedChannels);
  connect(report_, &QProcess::finished, this, [this, html_path](int code, QProcess::ExitStatus status) {
    const bool ok = status == QProcess::NormalExit && code == 0;
    const QString output = QString::fromUtf8(report_->readAll()).trimmed().right(600);
    emit exportFinished(ok, ok ? tr("Report written to %1").arg(html_path)
                               : tr("edgetwin report failed (status %1): %2").arg(code).arg(output));
  });
  connect(report_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
    if (e == QProcess::FailedToStart) emit exportFinished(false, tr("cannot start %1").arg(program_));
  });
  report_->start(program_, {"report", result_path_, "--html", html_path});
}

}  // namespace edgetwin::gui
