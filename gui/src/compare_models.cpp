#include "edgetwin/gui/compare_models.hpp"

#include "edgetwin/gui/number_format.hpp"

namespace edgetwin::gui {
namespace {

// Decimals that show a failover of 1.23 s and a rollout of 1,340 s alike.
int decimals_for(double v) { return std::abs(v) >= 100 ? 0 : (std::abs(v) >= 10 ? 1 : 2); }

QString format_value(const std::string& metric, double v) {
  if (metric == "wan_bytes") return format_bytes(v);
  if (metric == "lost_writes") return format_number(v);
  return format_number(v, decimals_for(v));
}

}  // namespace

QString CompareTableModel::metricLabel(const std::string& metric, const std::string& app) {
  if (metric == "unavailable_s" && !app.empty())
    return tr("Unavailable: %1 (s)").arg(QString::fromStdString(app));
  if (metric == "vip_failover_s") return tr("VIP failover (s)");
  if (metric == "dual_master_s") return tr("Dual master (s)");
  if (metric == "lost_writes") return tr("Lost writes");
  if (metric == "unavailable_s") return tr("Unavailable, worst app (s)");
  if (metric == "rollout_total_s") return tr("Rollout time (s)");
  if (metric == "activation_total_s") return tr("Activation time (s)");
  if (metric == "wan_bytes") return tr("WAN bytes");
  return QString::fromStdString(metric);
}

QString CompareTableModel::formatDistribution(const std::string& metric,
                                              const campaign::Distribution& d) {
  return QString("%1 / %2 / %3")
      .arg(format_value(metric, d.p50), format_value(metric, d.p95), format_value(metric, d.max));
}

void CompareTableModel::setPlans(std::vector<campaign::PlanRun> plans, const QStringList& labels) {
  beginResetModel();
  plans_ = std::move(plans);
  labels_ = labels;
  rows_ = campaign::compare_rows(plans_);
  endResetModel();
}

void CompareTableModel::clear() { setPlans({}, {}); }

int CompareTableModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() || plans_.empty()) return 0;
  return kFixedRows + static_cast<int>(rows_.size());
}

int CompareTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : 1 + static_cast<int>(plans_.size());
}

QVariant CompareTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const int r = index.row();
  const int plan = index.column() - 1;
  if (role == Qt::TextAlignmentRole && plan >= 0) return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
  if (r == 0) {
    if (plan < 0) return tr("Runs: passed / failed / no result");
    const auto& p = plans_[static_cast<std::size_t>(plan)];
    return QString("%1 / %2 / %3").arg(p.passed).arg(p.failed).arg(p.without_result);
  }
  if (r == 1) {
    if (plan < 0) return tr("N-1 risk sites");
    const auto& n1 = plans_[static_cast<std::size_t>(plan)].n1_risk_sites;
    return n1 ? format_number(*n1) : QStringLiteral("—");
  }
  const auto& row = rows_[static_cast<std::size_t>(r - kFixedRows)];
  if (plan < 0)
    return role == Qt::ToolTipRole ? tr("%1: p50 / p95 / max over seeds (nearest rank)")
                                         .arg(QString::fromStdString(row.metric))
                                   : metricLabel(row.metric, row.app);
  const auto& d = row.plans[static_cast<std::size_t>(plan)];
  if (!d)
    return role == Qt::ToolTipRole
               ? (row.metric == "rollout_total_s" ? tr("no run of this plan finished its rollout")
                                                  : tr("no run of this plan measured it"))
               : QStringLiteral("—");
  if (role == Qt::ToolTipRole)
    return tr("%1 of %2 seeds measured it")
        .arg(d->count)
        .arg(plans_[static_cast<std::size_t>(plan)].runs);
  return formatDistribution(row.metric, *d);
}

QVariant CompareTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  if (section == 0) return tr("p50 / p95 / max over seeds");
  return labels_.value(section - 1);
}

void PlanDiffModel::setPlans(const std::vector<campaign::Json>& plans, const QStringList& labels) {
  beginResetModel();
  labels_ = labels;
  rows_ = campaign::diff_plans(plans);
  endResetModel();
}

int PlanDiffModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int PlanDiffModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : 1 + static_cast<int>(labels_.size());
}

QVariant PlanDiffModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const auto& row = rows_[static_cast<std::size_t>(index.row())];
  if (index.column() == 0)
    return role == Qt::DisplayRole || role == Qt::ToolTipRole ? QString::fromStdString(row.pointer)
                                                              : QVariant();
  const auto& value = row.values.at(static_cast<std::size_t>(index.column() - 1));
  if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
  if (!value) return tr("(absent)");
  QString text = QString::fromStdString(value->dump());
  if (role == Qt::DisplayRole && text.size() > kValueCharsMax)
    text = text.left(kValueCharsMax - 1) + "…";
  return text;
}

QVariant PlanDiffModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  return section == 0 ? tr("JSON pointer") : labels_.value(section - 1);
}

}  // namespace edgetwin::gui
