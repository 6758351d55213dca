#pragma once
// A run result's metrics as a table (metric, value or count, p50, p99, max, worst site) plus the
// series the result charts need. Reads the result JSON (FORMATS.md "Run result"). Qt Core only.
#include <utility>
#include <vector>

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QString>

namespace edgetwin::gui {

class MetricsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Metric, Value, P50, P99, Max, WorstSite, ColumnCount };

  explicit MetricsModel(QObject* parent = nullptr);

  // Loads a result file; an error message (and an empty model) when it is not a run result.
  QString loadFile(const QString& path);
  void setResult(const QJsonObject& result);
  void clear();
  const QJsonObject& result() const { return result_; }
  bool hasResult() const { return !result_.isEmpty(); }

  // Worst value per site of a distribution metric (vip_failover_s, ...), sorted by site.
  std::vector<std::pair<QString, double>> bySite(const QString& metric) const;
  // A (t_s, value) series such as nodes_running.
  std::vector<std::pair<double, double>> series(const QString& metric) const;
  int assertionsPassed() const;
  int assertionsFailed() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  QJsonObject result_;
  QStringList metrics_;  // shown rows: scalar and distribution metrics
};

}  // namespace edgetwin::gui
