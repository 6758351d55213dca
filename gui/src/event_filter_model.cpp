#include "edgetwin/gui/event_filter_model.hpp"

#include "edgetwin/gui/event_table_model.hpp"

namespace edgetwin::gui {

EventFilterModel::EventFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {}

void EventFilterModel::setSite(const QString& site) {
  site_ = site.trimmed();
  invalidateFilter();
}

void EventFilterModel::setKindPrefix(const QString& prefix) {
  kind_prefix_ = prefix.trimmed();
  invalidateFilter();
}

bool EventFilterModel::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const {
  const QAbstractItemModel* m = sourceModel();
  if (!site_.isEmpty()) {
    const QString site = m->index(source_row, EventTableModel::Site, source_parent).data().toString();
    if (site.compare(site_, Qt::CaseInsensitive) != 0) return false;
  }
  if (kind_prefix_.isEmpty()) return true;
  const QString kind = m->index(source_row, EventTableModel::Kind, source_parent).data().toString();
  return kind.startsWith(kind_prefix_, Qt::CaseInsensitive);
}

}  // namespace edgetwin::gui
