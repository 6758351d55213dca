#pragma once
// What a fleet tile shows: a site's state, derived from what the event stream has told us about
// its boxes, VIP, links and rollout. Both steps are tables (kEventRules: event kind -> fact
// update; kStateRules: facts -> state, first match wins), so a new event kind is one row.
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace edgetwin::gui {

// Ordered from calm to alarming; the tile colours and legend follow this order.
enum class SiteState { Running, RollingOut, Degraded, FailedOver, Offline };
inline constexpr int kSiteStateCount = 5;

QString site_state_name(SiteState state);  // "running", "rolling out", ...

// Everything the stream has said about one site. Counters, not flags, where faults can overlap
// (two crash windows on one box), mirroring the simulator's fault injector.
struct SiteFacts {
  QStringList boxes;                   // fleet order; boxes.front() is the VRRP primary
  QMap<QString, int> powered_off;      // box -> overlapping power faults
  QMap<QString, QString> cloud_status; // box -> the cloud's node status ("running", "offline")
  QSet<QString> vip_holders;           // boxes currently claiming the service VIP
  QString vip_owner;                   // the latest claimant still holding it
  QMap<QString, int> active_faults;    // other faults ("wan-down", "lan-split", ...) -> windows
  QSet<QString> unhealthy;             // "box/container" reported unhealthy and not yet ready
  QSet<QString> rolling_out;     // boxes ("" = the site as a whole) in rollout or activation
  QSet<QString> rollout_failed;  // boxes whose rollout or activation failed

  int boxes_down() const;
  bool cloud_lists_all_offline() const;
};

// The site an event concerns: its "site" field, else the first part of a fault's target.
QString event_site(const QJsonObject& event);

// Applies one event to the site's facts; false when no rule knows the kind (the tile keeps its
// state, the event still reaches the timeline).
bool apply_event(SiteFacts& facts, const QJsonObject& event);

SiteState derive_state(const SiteFacts& facts);

// One line for tooltips and the detail panel, e.g. "s001-a down; VIP on s001-b; WAN down".
QString describe_facts(const SiteFacts& facts);

}  // namespace edgetwin::gui
