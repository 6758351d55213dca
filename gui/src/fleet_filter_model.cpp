#include "edgetwin/gui/fleet_filter_model.hpp"

#include <algorithm>

#include <QRegularExpression>

#include "edgetwin/gui/fleet_model.hpp"

namespace edgetwin::gui {

FleetFilterModel::FleetFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
  // The state filter must re-run as events change states.
  setDynamicSortFilter(true);
}

void FleetFilterModel::setSearchText(const QString& text) {
  static const QRegularExpression kSeparators("[\\s,;]+");
  terms_ = text.split(kSeparators, Qt::SkipEmptyParts);
  invalidateFilter();
}

void FleetFilterModel::setStateFilter(std::optional<SiteState> state) {
  state_ = state;
  invalidateFilter();
}

bool FleetFilterModel::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const {
  const QModelIndex i = sourceModel()->index(source_row, 0, source_parent);
  if (state_ && i.data(FleetModel::StateRole).toInt() != static_cast<int>(*state_)) return false;
  if (terms_.isEmpty()) return true;
  const QString name = i.data(Qt::DisplayRole).toString();
  return std::any_of(terms_.begin(), terms_.end(),
                     [&](const QString& t) { return name.contains(t, Qt::CaseInsensitive); });
}

}  // namespace edgetwin::gui
