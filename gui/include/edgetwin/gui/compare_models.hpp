#pragma once
// The Compare view's tables (Qt Core only): the key metrics of plans A, B, ... side by side, and
// what differs between their files. The numbers come from `campaign::compare_rows` and
// `campaign::diff_plans`; these models only put them into cells.
#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

#include "edgetwin/campaign/plan_compare.hpp"
#include "edgetwin/campaign/plan_diff.hpp"

namespace edgetwin::gui {

// Rows: runs (passed / failed / without a result), N-1 risk sites, then each compared metric
// and unavailability per app. Columns: the metric, then one per plan with "p50 / p95 / max"
// over its seeds, with units.
class CompareTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  using QAbstractTableModel::QAbstractTableModel;

  void setPlans(std::vector<campaign::PlanRun> plans, const QStringList& labels);
  void clear();
  const std::vector<campaign::PlanRun>& plans() const { return plans_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  // "VIP failover (s)", "Unavailable: mysql (s)": the row label of a metric.
  static QString metricLabel(const std::string& metric, const std::string& app);
  // "1.2 / 3.4 / 5 s", "310 MiB / 320 MiB / 1.2 GiB": a distribution in a metric's units.
  static QString formatDistribution(const std::string& metric, const campaign::Distribution& d);

 private:
  static constexpr int kFixedRows = 2;  // runs, N-1 risk sites
  std::vector<campaign::PlanRun> plans_;
  QStringList labels_;
  std::vector<campaign::CompareRow> rows_;
};

// Rows: the JSON pointers where the plans differ; columns: the pointer, then each plan's value
// (compact JSON; "(absent)" where the plan has nothing).
class PlanDiffModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  static constexpr int kValueCharsMax = 120;  // a whole subtree is elided in the cell

  using QAbstractTableModel::QAbstractTableModel;

  void setPlans(const std::vector<campaign::Json>& plans, const QStringList& labels);
  const std::vector<campaign::PlanDiffRow>& rows() const { return rows_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  QStringList labels_;
  std::vector<campaign::PlanDiffRow> rows_;
};

}  // namespace edgetwin::gui
