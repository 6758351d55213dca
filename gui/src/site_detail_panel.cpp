#include "edgetwin/gui/site_detail_panel.hpp"

#include <algorithm>
#include <tuple>

#include <QScrollBar>

#include "edgetwin/gui/tile_palette.hpp"
#include "edgetwin/reports/placement.hpp"

namespace edgetwin::gui {
namespace {

// A bar as a two-cell table: Qt's rich text has no CSS widths, but table cells take percentages.
QString bar(double share, const QString& colour) {
  const int pct = std::clamp(static_cast<int>(share * 100 + 0.5), 0, 100);
  QString cells;
  if (pct > 0) cells += QString("<td width='%1%' bgcolor='%2'></td>").arg(pct).arg(colour);
  if (pct < 100) cells += QString("<td width='%1%' bgcolor='#dddddd'></td>").arg(100 - pct);
  return "<table width='100%' height='8' cellspacing='0' cellpadding='0'><tr>" + cells + "</tr></table>";
}

QString bar_row(const QString& label, double requests, double limits, double capacity,
                const QString& unit) {
  const double req_share = capacity > 0 ? requests / capacity : 0;
  const double lim_share = capacity > 0 ? limits / capacity : 0;
  return QString("<tr><td>%1</td><td width='45%'>%2%3</td><td>%4 / %5 of %6 %7</td></tr>")
      .arg(label, bar(req_share, "#2e7d32"), bar(lim_share, lim_share > 1 ? "#b71c1c" : "#90a4ae"))
      .arg(requests, 0, 'g', 4).arg(limits, 0, 'g', 4).arg(capacity, 0, 'g', 4).arg(unit);
}

QString link_state(bool down) { return down ? "<b style='color:#b71c1c'>down</b>" : "up"; }

}  // namespace

SiteDetailPanel::SiteDetailPanel(QWidget* parent) : QTextBrowser(parent) {
  setOpenLinks(false);
  setPlaceholderText(tr("Select a site tile to see its boxes, apps, VIP and links."));
}

void SiteDetailPanel::setFleetModel(FleetModel* model) {
  model_ = model;
  connect(model, &QAbstractItemModel::modelReset, this, [this] {
    recomputeCapacity();
    refresh();
  });
  connect(model, &QAbstractItemModel::dataChanged, this,
          [this](const QModelIndex& from, const QModelIndex& to) {
            const int r = model_->row(site_);
            if (r >= from.row() && r <= to.row()) refresh();
          });
  recomputeCapacity();
}

void SiteDetailPanel::recomputeCapacity() {
  capacity_ = reports::compute_capacity(model_->fleet());
  day_ = reports::compute_capacity_day(model_->fleet(), capacity_);
  monitoring_.clear();  // a new fleet: the last run's views belong to another
  box_loads_.clear();
  for (std::size_t i = 0; i < capacity_.boxes.size(); ++i) box_loads_[capacity_.boxes[i].box] = i;
}

void SiteDetailPanel::showSite(const QString& site) {
  site_ = site;
  refresh();
}

QString SiteDetailPanel::boxesHtml(const model::Site& site, const SiteFacts& facts) const {
  QString html = "<h3>Boxes</h3>";
  for (const auto& box : site.boxes) {
    const QString name = QString::fromStdString(box.name);
    const bool off = facts.powered_off.value(name) > 0;
    const QString cloud = facts.cloud_status.value(name, "not yet reported");
    html += QString("<p><b>%1</b> %2 &middot; %3 &middot; VRRP priority %4<br>power: %5 &middot; cloud: %6</p>")
                .arg(name, QString::fromStdString(box.address), QString::fromStdString(box.hardware))
                .arg(box.vrrp_priority)
                .arg(off ? "<b style='color:#b71c1c'>off</b>" : "on", cloud.toHtmlEscaped());
    const auto it = box_loads_.find(box.name);
    if (it == box_loads_.end()) continue;
    const reports::BoxLoad& load = capacity_.boxes[it->second];
    html += "<table width='100%' cellspacing='2'>" +
            bar_row("CPU", load.requests.cpus, load.limits.cpus, load.capacity.cpus, "cores") +
            bar_row("Memory", load.requests.memory_gib, load.limits.memory_gib, load.capacity.memory_gib, "GiB") +
            bar_row("GPU", load.requests.gpus, load.limits.gpus, load.capacity.gpus, "") + "</table>";
  }
  return html + "<p><small>bars: requests (green) and limits (grey; red when over capacity) "
                "against the box's capacity</small></p>";
}

QString SiteDetailPanel::appsHtml(const model::Site& site) const {
  QString html = "<h3>Apps (initial placement)</h3><table cellspacing='4'>"
                 "<tr><th align='left'>app</th><th align='left'>replica</th><th align='left'>box</th></tr>";
  const auto placement = reports::place_replicas(model_->fleet(), site);
  std::vector<std::tuple<std::string, int, std::string>> rows;
  for (const auto& [box, replicas] : placement)
    for (const auto& r : replicas) rows.emplace_back(r.app->name, r.index, box);
  std::sort(rows.begin(), rows.end());
  for (const auto& [app, index, box] : rows)
    html += QString("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                .arg(QString::fromStdString(app)).arg(index).arg(QString::fromStdString(box));
  return html + "</table>";
}

void SiteDetailPanel::refresh() {
  const model::Site* site = model_ ? model_->fleet().find_site(site_.toStdString()) : nullptr;
  const SiteFacts* facts = model_ ? model_->facts(site_) : nullptr;
  if (site == nullptr || facts == nullptr) {
    clear();
    return;
  }
  const SiteState state = model_->state(model_->row(site_));
  QString html = QString("<h2>%1 <span style='background:%2;color:%3'>&nbsp;%4&nbsp;</span></h2><p>%5</p>")
                     .arg(site_, state_fill(state).name(), state_text(state).name(),
                          site_state_name(state), describe_facts(*facts).toHtmlEscaped());
  html += QString("<p>System <b>%1</b> &middot; VIP owner <b>%2</b><br>WAN %3 Mbit/s: %4 &middot; "
                  "LAN %5: %6</p>")
              .arg(QString::fromStdString(site->system),
                   facts->vip_owner.isEmpty() ? QString("none") : facts->vip_owner)
              .arg(site->wan.mbps)
              .arg(link_state(facts->active_faults.contains("wan-down")),
                   QString::fromStdString(site->lan.cidr),
                   facts->active_faults.contains("lan-split") ? "<b style='color:#b71c1c'>split</b>" : "up");
  html += boxesHtml(*site, *facts) + dayHtml(*site) + monitoring_.appsHtml(site->name) +
          monitoring_.hostsHtml(*site) + appsHtml(*site);
  const int scroll = verticalScrollBar()->value();
  setHtml(html);
  verticalScrollBar()->setValue(scroll);
}

}  // namespace edgetwin::gui
