#pragma once
// The event timeline's filter: events of one site (or any) and of kinds starting with a prefix
// ("vrrp" matches vrrp.state and vrrp.priority). Works on EventTableModel's columns.
#include <QSortFilterProxyModel>

namespace edgetwin::gui {

class EventFilterModel : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit EventFilterModel(QObject* parent = nullptr);

  void setSite(const QString& site);        // "" = every site; else exact, case-insensitive
  void setKindPrefix(const QString& prefix);  // "" = every kind

 protected:
  bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

 private:
  QString site_;
  QString kind_prefix_;
};

}  // namespace edgetwin::gui
