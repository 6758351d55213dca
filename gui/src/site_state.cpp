#include "edgetwin/gui/site_state.hpp"

#include <algorithm>
#include <array>

#include "edgetwin/model/fault_kinds.hpp"

namespace edgetwin::gui {
namespace {

using Apply = void (*)(SiteFacts&, const QJsonObject&);

QString box_of(const QJsonObject& e) { return e.value("box").toString(); }

// The boxes a power fault turns off: the named box, or every box of the site.
QStringList fault_boxes(const SiteFacts& f, const QJsonObject& e) {
  const QStringList parts = e.value("target").toString().split('/');
  if (parts.size() >= 2) return {parts[1]};
  return f.boxes;
}

// A fault that powers boxes off (fault_kinds.hpp): their tiles go dark while it lasts.
bool is_power_fault(const QString& fault) {
  const model::FaultKind* kind = model::find_fault_kind(fault.toStdString());
  return kind != nullptr && (kind->power == model::FaultPower::one_box ||
                             kind->power == model::FaultPower::site_boxes);
}

void on_fault(SiteFacts& f, const QJsonObject& e, int delta) {
  const QString fault = e.value("fault").toString();
  if (fault.isEmpty()) return;
  if (is_power_fault(fault))
    for (const QString& box : fault_boxes(f, e))
      f.powered_off[box] = std::max(0, f.powered_off.value(box) + delta);
  else
    f.active_faults[fault] = std::max(0, f.active_faults.value(fault) + delta);
  if (f.active_faults.value(fault, 1) == 0) f.active_faults.remove(fault);
}

void on_fault_start(SiteFacts& f, const QJsonObject& e) { on_fault(f, e, +1); }
void on_fault_end(SiteFacts& f, const QJsonObject& e) { on_fault(f, e, -1); }
void on_box_up(SiteFacts& f, const QJsonObject& e) { f.powered_off.remove(box_of(e)); }
void on_box_down(SiteFacts& f, const QJsonObject& e) {
  f.powered_off[box_of(e)] = std::max(1, f.powered_off.value(box_of(e)));
}

void on_vip_claim(SiteFacts& f, const QJsonObject& e) {
  f.vip_holders.insert(box_of(e));
  f.vip_owner = box_of(e);
}

void on_vip_release(SiteFacts& f, const QJsonObject& e) {
  f.vip_holders.remove(box_of(e));
  if (f.vip_owner != box_of(e)) return;
  // The other holder, if any, keeps serving; pick it in fleet order for determinism.
  f.vip_owner.clear();
  for (const QString& b : f.boxes)
    if (f.vip_holders.contains(b)) f.vip_owner = b;
}

void on_vip_owner(SiteFacts& f, const QJsonObject& e) {
  const QString owner = e.value("owner").toString(box_of(e));
  f.vip_holders = owner.isEmpty() ? QSet<QString>{} : QSet<QString>{owner};
  f.vip_owner = owner;
}

void on_node_status(SiteFacts& f, const QJsonObject& e) {
  f.cloud_status[box_of(e)] = e.value("to").toString();
}

QString container_key(const QJsonObject& e) {
  return box_of(e) + "/" + e.value("container").toString(e.value("app").toString());
}
void on_unhealthy(SiteFacts& f, const QJsonObject& e) { f.unhealthy.insert(container_key(e)); }
void on_container_ok(SiteFacts& f, const QJsonObject& e) {
  if (e.value("ready").toBool(true)) f.unhealthy.remove(container_key(e));
}

// Rollout and activation events, per box (or per site when they name no box): the phase is the
// kind's last part when that is a verdict (activation.gave_up), else the "to"/"phase"/"state"/
// "status" field; words decide whether the box is still rolling out.
void on_rollout(SiteFacts& f, const QJsonObject& e) {
  static const QStringList kDone{"ready", "done", "finished", "complete", "completed",
                                 "succeeded", "activated", "running", "end"};
  static const QStringList kFailed{"failed", "failure", "error", "aborted", "rolled-back",
                                   "gave_up", "rejected"};
  QString phase = e.value("kind").toString().section('.', -1);
  if (!kDone.contains(phase) && !kFailed.contains(phase))
    for (const char* field : {"to", "phase", "state", "status"})
      if (e.value(field).isString()) phase = e.value(field).toString();
  const QString key = box_of(e);
  f.rolling_out.remove(key);
  f.rollout_failed.remove(key);
  if (kFailed.contains(phase)) f.rollout_failed.insert(key);
  else if (!kDone.contains(phase)) f.rolling_out.insert(key);
}

struct EventRule {
  const char* kind;  // a trailing '*' matches every kind with that prefix
  Apply apply;
};

// To teach the tiles a new event kind, add a row here.
const std::array kEventRules{
    EventRule{"fault.start", on_fault_start},
    EventRule{"fault.end", on_fault_end},
    EventRule{"box.boot", on_box_up},
    EventRule{"box.up", on_box_up},
    EventRule{"box.down", on_box_down},
    EventRule{"vip.claim", on_vip_claim},
    EventRule{"vip.release", on_vip_release},
    EventRule{"vip.owner", on_vip_owner},
    EventRule{"node.status", on_node_status},
    EventRule{"container.unhealthy", on_unhealthy},
    EventRule{"container.ready", on_container_ok},
    EventRule{"container.restart", on_container_ok},
    EventRule{"rollout.*", on_rollout},
    EventRule{"activation.*", on_rollout},
};

bool rule_matches(const EventRule& rule, const QString& kind) {
  const QString pattern = QString::fromLatin1(rule.kind);
  if (pattern.endsWith('*')) return kind.startsWith(pattern.chopped(1));
  return kind == pattern;
}

bool is_offline(const SiteFacts& f) {
  return (!f.boxes.isEmpty() && f.boxes_down() == f.boxes.size()) ||
         f.cloud_lists_all_offline() || f.active_faults.contains("site-power-loss");
}
bool is_rolling_out(const SiteFacts& f) { return !f.rolling_out.isEmpty(); }
bool is_failed_over(const SiteFacts& f) {
  return !f.vip_owner.isEmpty() && !f.boxes.isEmpty() && f.vip_owner != f.boxes.front();
}
bool is_degraded(const SiteFacts& f) {
  const bool cloud_misses_one = std::any_of(f.cloud_status.begin(), f.cloud_status.end(),
                                            [](const QString& s) { return s != "running"; });
  return f.boxes_down() > 0 || cloud_misses_one || !f.active_faults.isEmpty() ||
         !f.unhealthy.isEmpty() || !f.rollout_failed.isEmpty() || f.vip_holders.size() > 1;
}

struct StateRule {
  SiteState state;
  bool (*holds)(const SiteFacts&);
};

// First match wins: the most alarming condition is what a tile shows.
const std::array kStateRules{
    StateRule{SiteState::Offline, is_offline},
    StateRule{SiteState::RollingOut, is_rolling_out},
    StateRule{SiteState::FailedOver, is_failed_over},
    StateRule{SiteState::Degraded, is_degraded},
};

}  // namespace

QString site_state_name(SiteState state) {
  switch (state) {
    case SiteState::Running: return "running";
    case SiteState::RollingOut: return "rolling out";
    case SiteState::Degraded: return "degraded";
    case SiteState::FailedOver: return "failed over";
    case SiteState::Offline: return "offline";
  }
  return {};
}

int SiteFacts::boxes_down() const {
  return static_cast<int>(std::count_if(boxes.begin(), boxes.end(),
                                        [&](const QString& b) { return powered_off.value(b) > 0; }));
}

bool SiteFacts::cloud_lists_all_offline() const {
  if (boxes.isEmpty()) return false;
  return std::all_of(boxes.begin(), boxes.end(),
                     [&](const QString& b) { return cloud_status.value(b) == "offline"; });
}

QString event_site(const QJsonObject& event) {
  const QString site = event.value("site").toString();
  if (!site.isEmpty()) return site;
  return event.value("target").toString().section('/', 0, 0);
}

bool apply_event(SiteFacts& facts, const QJsonObject& event) {
  const QString kind = event.value("kind").toString();
  for (const EventRule& rule : kEventRules) {
    if (!rule_matches(rule, kind)) continue;
    rule.apply(facts, event);
    return true;
  }
  return false;
}

SiteState derive_state(const SiteFacts& facts) {
  for (const StateRule& rule : kStateRules)
    if (rule.holds(facts)) return rule.state;
  return SiteState::Running;
}

QString describe_facts(const SiteFacts& f) {
  QStringList parts;
  for (const QString& b : f.boxes) {
    if (f.powered_off.value(b) > 0) parts << b + " powered off";
    else if (f.cloud_status.contains(b) && f.cloud_status[b] != "running")
      parts << b + " " + f.cloud_status[b] + " (cloud)";
  }
  if (!f.vip_owner.isEmpty()) parts << "VIP on " + f.vip_owner;
  if (f.vip_holders.size() > 1) parts << "VIP held twice";
  for (auto it = f.active_faults.begin(); it != f.active_faults.end(); ++it) parts << it.key();
  if (!f.unhealthy.isEmpty()) parts << QString::number(f.unhealthy.size()) + " unhealthy containers";
  if (!f.rolling_out.isEmpty()) parts << "rolling out";
  if (!f.rollout_failed.isEmpty()) parts << "rollout failed";
  return parts.isEmpty() ? QString("all boxes running") : parts.join("; ");
}

}  // namespace edgetwin::gui
