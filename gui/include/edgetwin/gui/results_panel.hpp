#pragma once
// A finished run in charts and numbers: failover time histogram, capacity per site, boxes
// running and (when the run has rollout events) rollout progress over time; the metrics table,
// the assertions, and a button exporting the HTML report through `edgetwin report`.
#include <vector>

#include <QJsonObject>
#include <QWidget>

#include "edgetwin/gui/metrics_model.hpp"
#include "edgetwin/model/fleet.hpp"

class QLabel;
class QProcess;
class QPushButton;
class QTreeWidget;
class QChartView;
class QChart;

namespace edgetwin::gui {

class ResultsPanel : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kCapacitySitesShown = 10;  // bars stay legible
  static constexpr double kFailoverBinS = 0.25;

  explicit ResultsPanel(QWidget* parent = nullptr);

  void setFleet(const model::Fleet& fleet);
  // Shows a run: its result file and the event history (for rollout progress).
  QString showRun(const QString& result_path, const std::vector<QJsonObject>& history);
  void clear();
  MetricsModel* metrics() { return &metrics_; }
  void setProgram(const QString& edgetwin_path) { program_ = edgetwin_path; }
  // Runs `edgetwin report RESULT --html FILE`; the outcome arrives as exportFinished.
  void exportHtml(const QString& html_path);
  bool rolloutChartShown() const;
  int failoverSamples() const { return failover_samples_; }

 signals:
  void exportRequested();
  void exportFinished(bool ok, const QString& message);

 private:
  void fillFailoverChart();
  void fillCapacityChart();
  void fillNodesChart();
  void fillRolloutChart(const std::vector<QJsonObject>& history);
  void fillAssertions();

  MetricsModel metrics_;
  model::Fleet fleet_;
  QString result_path_;
  QString program_;
  QProcess* report_ = nullptr;
  int failover_samples_ = 0;
  QLabel* summary_;
  QChartView* failover_;
  QChartView* capacity_;
  QChartView* nodes_;
  QChartView* rollout_;
  QTreeWidget* assertions_;
  QPushButton* export_;
};

}  // namespace edgetwin::gui
