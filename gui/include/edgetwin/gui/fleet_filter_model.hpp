#pragma once
// Which tiles the fleet view shows: sites whose name contains the search text (several terms
// separated by spaces or commas match any of them) and whose state is among the shown states.
#include <optional>

#include <QSortFilterProxyModel>
#include <QStringList>

#include "edgetwin/gui/site_state.hpp"

namespace edgetwin::gui {

class FleetFilterModel : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit FleetFilterModel(QObject* parent = nullptr);

  void setSearchText(const QString& text);
  // Shows only sites in `state`, or every state when called with std::nullopt.
  void setStateFilter(std::optional<SiteState> state);
  std::optional<SiteState> stateFilter() const { return state_; }

 protected:
  bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

 private:
  QStringList terms_;
  std::optional<SiteState> state_;
};

}  // namespace edgetwin::gui
