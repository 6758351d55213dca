#pragma once
// One site in depth: its state and live facts, its boxes (hardware, requests and limits as bars
// against capacity), its apps and which box runs each replica, the VIP owner and link states.
#include <map>

#include <QTextBrowser>

#include "edgetwin/gui/fleet_model.hpp"
#include "edgetwin/reports/capacity.hpp"

namespace edgetwin::gui {

class SiteDetailPanel : public QTextBrowser {
  Q_OBJECT
 public:
  explicit SiteDetailPanel(QWidget* parent = nullptr);

  void setFleetModel(FleetModel* model);
  void showSite(const QString& site);
  QString site() const { return site_; }

 private:
  void recomputeCapacity();
  void refresh();
  QString boxesHtml(const model::Site& site, const SiteFacts& facts) const;
  QString appsHtml(const model::Site& site) const;

  FleetModel* model_ = nullptr;
  QString site_;
  reports::CapacityReport capacity_;
  std::map<std::string, std::size_t> box_loads_;  // box name -> index into capacity_.boxes
};

}  // namespace edgetwin::gui
