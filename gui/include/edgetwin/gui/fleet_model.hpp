#pragma once
// The fleet as a list of sites (one row per site, fleet order) with the state each tile shows.
// Fed by run events; replays a prefix of the history when the user scrubs. Qt Core only.
#include <map>
#include <vector>

#include <QAbstractListModel>
#include <QJsonObject>

#include "edgetwin/gui/site_state.hpp"
#include "edgetwin/model/fleet.hpp"

namespace edgetwin::gui {

class FleetModel : public QAbstractListModel {
  Q_OBJECT
 public:
  enum Role {
    StateRole = Qt::UserRole + 1,  // int(SiteState)
    StateNameRole,
    SummaryRole,    // describe_facts()
    VipOwnerRole,
    BoxCountRole,
  };

  explicit FleetModel(QObject* parent = nullptr);

  void setFleet(const model::Fleet& fleet);
  const model::Fleet& fleet() const { return fleet_; }
  // Forgets every event: all sites back to running.
  void resetStates();
  // Applies one run event to the site it concerns; false when it concerns no known site.
  bool applyEvent(const QJsonObject& event);
  // resetStates(), then every event of `history` with t <= t_s (history is in time order).
  void replay(const std::vector<QJsonObject>& history, double t_s);

  int row(const QString& site) const;  // -1 when unknown
  const SiteFacts* facts(const QString& site) const;
  SiteState state(int row) const { return states_[static_cast<std::size_t>(row)]; }
  // Sites per state, indexed by int(SiteState).
  std::vector<int> stateCounts() const;

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QHash<int, QByteArray> roleNames() const override;

 signals:
  void statesChanged();

 private:
  model::Fleet fleet_;
  std::vector<SiteFacts> facts_;
  std::vector<SiteState> states_;
  std::map<QString, int> rows_;  // site name -> row
};

}  // namespace edgetwin::gui
