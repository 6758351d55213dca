#include "edgetwin/gui/fleet_model.hpp"

#include <QSignalBlocker>

namespace edgetwin::gui {

FleetModel::FleetModel(QObject* parent) : QAbstractListModel(parent) {}

void FleetModel::setFleet(const model::Fleet& fleet) {
  beginResetModel();
  fleet_ = fleet;
  rows_.clear();
  facts_.assign(fleet_.sites.size(), {});
  states_.assign(fleet_.sites.size(), SiteState::Running);
  for (std::size_t i = 0; i < fleet_.sites.size(); ++i) {
    const model::Site& site = fleet_.sites[i];
    rows_[QString::fromStdString(site.name)] = static_cast<int>(i);
    for (const auto& box : site.boxes) facts_[i].boxes << QString::fromStdString(box.name);
  }
  endResetModel();
  emit statesChanged();
}

void FleetModel::resetStates() {
  for (SiteFacts& f : facts_) {
    const QStringList boxes = f.boxes;
    f = SiteFacts{};
    f.boxes = boxes;
  }
  states_.assign(facts_.size(), SiteState::Running);
  if (!facts_.empty()) emit dataChanged(index(0), index(rowCount() - 1));
  emit statesChanged();
}

bool FleetModel::applyEvent(const QJsonObject& event) {
  const int r = row(event_site(event));
  if (r < 0) return false;
  const auto i = static_cast<std::size_t>(r);
  if (!apply_event(facts_[i], event)) return true;
  states_[i] = derive_state(facts_[i]);
  // Facts change more often than the state; the summary role shows them, so always notify.
  emit dataChanged(index(r), index(r));
  emit statesChanged();
  return true;
}

void FleetModel::replay(const std::vector<QJsonObject>& history, double t_s) {
  QSignalBlocker block(this);  // one reset notification instead of one per event
  resetStates();
  for (const QJsonObject& e : history) {
    if (e.value("t").toDouble() > t_s) break;
    applyEvent(e);
  }
  block.unblock();
  if (!facts_.empty()) emit dataChanged(index(0), index(rowCount() - 1));
  emit statesChanged();
}

int FleetModel::row(const QString& site) const {
  const auto it = rows_.find(site);
  return it == rows_.end() ? -1 : it->second;
}

const SiteFacts* FleetModel::facts(const QString& site) const {
  const int r = row(site);
  return r < 0 ? nullptr : &facts_[static_cast<std::size_t>(r)];
}

std::vector<int> FleetModel::stateCounts() const {
  std::vector<int> counts(kSiteStateCount, 0);
  for (SiteState s : states_) ++counts[static_cast<std::size_t>(s)];
  return counts;
}

int FleetModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(facts_.size());
}

QVariant FleetModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const auto i = static_cast<std::size_t>(index.row());
  switch (role) {
    case Qt::DisplayRole: return QString::fromStdString(fleet_.sites[i].name);
    case Qt::ToolTipRole:
      return QString::fromStdString(fleet_.sites[i].name) + ": " + site_state_name(states_[i]) +
             "\n" + describe_facts(facts_[i]);
    case StateRole: return static_cast<int>(states_[i]);
    case StateNameRole: return site_state_name(states_[i]);
    case SummaryRole: return describe_facts(facts_[i]);
    case VipOwnerRole: return facts_[i].vip_owner;
    case BoxCountRole: return static_cast<int>(facts_[i].boxes.size());
    default: return {};
  }
}

QHash<int, QByteArray> FleetModel::roleNames() const {
  QHash<int, QByteArray> names = QAbstractListModel::roleNames();
  names[StateRole] = "state";
  names[StateNameRole] = "stateName";
  names[SummaryRole] = "summary";
  names[VipOwnerRole] = "vipOwner";
  names[BoxCountRole] = "boxCount";
  return names;
}

}  // namespace edgetwin::gui
