#pragma once
// One site in depth: its state and live facts, its boxes (hardware, requests and limits as bars
// against capacity), its apps and which box runs each replica, the VIP owner and link states;
// each box's use over the day (the plan's, or the run's once a run finished) and, after a run,
// the console's app and host monitoring tables (site_monitoring.hpp).
#include <map>

#include <QImage>
#include <QTextBrowser>

#include "edgetwin/gui/fleet_model.hpp"
#include "edgetwin/gui/site_monitoring.hpp"
#include "edgetwin/reports/capacity.hpp"
#include "edgetwin/reports/capacity_day.hpp"

namespace edgetwin::gui {

class SiteDetailPanel : public QTextBrowser {
  Q_OBJECT
 public:
  explicit SiteDetailPanel(QWidget* parent = nullptr);

  void setFleetModel(FleetModel* model);
  void showSite(const QString& site);
  QString site() const { return site_; }
  // A finished run's result: its monitoring views and days replace the plan's ("" forgets it).
  void setRunResult(const QString& result_path);

 protected:
  QVariant loadResource(int type, const QUrl& name) override;  // the day charts

 private:
  void recomputeCapacity();
  void refresh();
  QString boxesHtml(const model::Site& site, const SiteFacts& facts) const;
  QString appsHtml(const model::Site& site) const;
  QString dayHtml(const model::Site& site);  // site_detail_day.cpp

  FleetModel* model_ = nullptr;
  QString site_;
  reports::CapacityReport capacity_;
  std::map<std::string, std::size_t> box_loads_;  // box name -> index into capacity_.boxes
  reports::CapacityDay day_;                      // the plan's day, same order as capacity_
  SiteMonitoring monitoring_;
  std::map<QString, QImage> day_images_;          // "day:<box>" -> chart, for loadResource
};

}  // namespace edgetwin::gui
