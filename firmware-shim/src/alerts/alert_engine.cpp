#include "edgetwin/firmware/alerts/alert_engine.hpp"
#include "edgetwin/firmware/base/invariant.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace edgetwin::fw {
namespace {

constexpr std::string_view kBoxOffline = "box_offline";
constexpr std::string_view kAppUnhealthy = "app_unhealthy";
constexpr std::string_view kAppUnavailable = "app_unavailable";
constexpr std::string_view kDataAsync = "data_async";
constexpr std::string_view kRolloutPaused = "rollout_paused";
constexpr std::string_view kResourcePressure = "resource_pressure";

bool serving(const ReportedContainer& c) {
  return c.state == ContainerState::running && c.healthy() && c.ready == ReportedReadiness::ready;
}

// A condition keyed by its subject, with when it began and whether the cloud was deaf then.
using Conditions = std::map<std::string, std::pair<Time, bool>>;

}  // namespace

AlertEngine::AlertEngine(Platform& platform, const NodeRegistry& registry, AlertConfig config)
    : platform_(platform), registry_(registry), config_(config) {}

void AlertEngine::heard(BoxState& state) {
  const Time now = platform_.now();
  if (state.heard_at && now - *state.heard_at > config_.unreachable_after)
    state.outage = std::pair{*state.heard_at, now};
  state.heard_at = now;
}

bool AlertEngine::unreachable_at(const BoxState& state, Time began) const {
  return state.outage && began >= state.outage->first && began <= state.outage->second;
}

Time AlertEngine::began_from_age(std::uint32_t age_ms) const {
  // The one-way delay is unknown and small against the report interval: ignored.
  return platform_.now() - Duration::milliseconds(age_ms);
}

void AlertEngine::on_node_report(const NodeReport& r) {
  auto row = registry_.rows().find(r.name);
  if (row == registry_.rows().end() || row->second.status != "running") return;
  BoxState& state = box_state(r.name, row->second.site);
  state.last_report = r;
  heard(state);
  const double cpus_milli = static_cast<double>(r.cpus) * 1000.0;
  const double memory_mib = static_cast<double>(r.memory_gib) * 1024.0;
  const Time now = platform_.now();
  const auto over = [this](double used, double capacity) {
    return capacity > 0 && used > capacity * config_.pressure_ratio;
  };
  set({std::string(kResourcePressure), r.site, r.name, "cpu"},
      over(r.cpu_request_milli, cpus_milli), now);
  set({std::string(kResourcePressure), r.site, r.name, "memory"},
      over(r.memory_request_mib, memory_mib), now);
  if (offline_sites_.contains(r.site)) evaluate_site(r.site);
}

ConditionVerdict AlertEngine::on_condition_report(const std::string& box, std::uint32_t epoch,
                                                  const ConditionReport& report) {
  auto row = registry_.rows().find(box);
  // A box heard before may be offline in the node list: its report is the first sign of life.
  if (row == registry_.rows().end() || !row->second.ever_reported ||
      row->second.status == "created" || row->second.status == "activating")
    return ConditionVerdict::untrusted;
  BoxState& state = box_state(box, row->second.site);
  // Reports reach here through the cloud's Inbox, which already dropped what an earlier boot
  // sent; a lower epoch that it let through is a box restarted without its epoch record (a new
  // incarnation, wire/inbox.hpp), so any other epoch than the last is a new boot.
  if (epoch == state.epoch && report.seq <= state.seq) return ConditionVerdict::stale;
  if (epoch != state.epoch) state.one_shot_id_max = 0;  // ids restart with every boot
  state.epoch = epoch;
  state.seq = report.seq;
  heard(state);
  reconcile_box(box, row->second.site, state, report);
  evaluate_site(row->second.site);
  return ConditionVerdict::accepted;
}

void AlertEngine::raise_one_shot(const std::string& box, const std::string& site, BoxState& state,
                                 const ReportedCondition& c) {
  if (c.event_id <= state.one_shot_id_max) return;  // raised from an earlier copy
  state.one_shot_id_max = c.event_id;
  const Time began = began_from_age(c.age_ms);
  const AlertKey key{std::string(to_string(c.kind)), site, box, c.subject};
  if (c.kind == ConditionKind::vip_failover)
    return raise(key, began, unreachable_at(state, began), Shot::event);
  // An episode the cloud saw active (only the acknowledgement got lost) ends as a level.
  if (!active_.contains(key)) raise(key, began, unreachable_at(state, began), Shot::ended);
}

// The report is the box's whole truth: what it no longer lists has ended.
void AlertEngine::reconcile_box(const std::string& box, const std::string& site, BoxState& state,
                                const ConditionReport& report) {
  Conditions unhealthy, async;
  for (const auto& c : report.containers) {
    if (c.healthy()) continue;
    const Time began = began_from_age(c.unhealthy_age_ms);
    unhealthy[c.name] = {began, unreachable_at(state, began)};
  }
  for (const auto& c : report.conditions) {
    if (c.one_shot()) {
      raise_one_shot(box, site, state, c);
      continue;
    }
    const Time began = began_from_age(c.age_ms);
    async[c.subject] = {began, unreachable_at(state, began)};  // the only level kind
  }
  for (const auto& [rule, now_active] :
       {std::pair{kAppUnhealthy, &unhealthy}, std::pair{kDataAsync, &async}}) {
    std::vector<AlertKey> ended;
    const AlertKey first{std::string(rule), site, box, ""};
    for (auto it = active_.lower_bound(first); it != active_.end() && it->first.rule == rule &&
                                               it->first.site == site && it->first.box == box;
         ++it)
      if (!now_active->contains(it->first.subject)) ended.push_back(it->first);
    for (const auto& key : ended) clear(key);
    for (const auto& [subject, when] : *now_active)
      raise({std::string(rule), site, box, subject}, when.first, when.second);
  }
  state.containers = report.containers;
  state.received_at = platform_.now();
}

void AlertEngine::on_node_status(const NodeRow& row, const std::string& from) {
  const AlertKey key{std::string(kBoxOffline), row.site, row.name, ""};
  if (row.status == "offline" && from == "running") {
    raise(key, row.last_update, false);
    if (boxes_.contains(row.name)) offline_sites_.insert(row.site);
  }
  if (row.status == "running") clear(key);
  if (boxes_.contains(row.name)) evaluate_site(row.site);
}

void AlertEngine::on_rollout_pause(bool paused, const std::string& why) {
  set({std::string(kRolloutPaused), "", "", why.empty() ? "rollout" : why}, paused,
      platform_.now());
  if (!paused) {  // whatever the pause's reason was, it is over
    std::vector<AlertKey> ended;
    for (const auto& [key, alert] : active_)
      if (key.rule == kRolloutPaused) ended.push_back(key);
    for (const auto& key : ended) clear(key);
  }
}

// Whether another box of the site was heard after `to` with no silence overlapping [from, to].
bool AlertEngine::heard_throughout(const std::string& site, const std::string& except, Time from,
                                   Time to) const {
  for (const auto& [box, state_of_box] : boxes_of(site)) {
    if (box == except) continue;
    const BoxState& state = *state_of_box;
    if (!state.heard_at || *state.heard_at <= to) continue;
    const bool silent_too = state.outage && state.outage->first < to && state.outage->second > from;
    if (!silent_too) return true;
  }
  return false;
}

// When a replica stopped serving, if it did and the cloud can tell: a dead box stopped at its
// last report; a container that failed its probes at its reported age.
std::optional<Time> AlertEngine::stopped_serving(const std::string& box, const BoxState& state,
                                                 const ReportedContainer& c,
                                                 bool site_heard_since) const {
  const NodeRow& row = registry_.rows().at(box);
  if (row.status != "running") {
    if (site_heard_since) return row.last_update;
    return std::nullopt;  // maybe only the WAN is down: unknown, not stopped
  }
  if (!c.healthy()) return state.received_at - Duration::milliseconds(c.unhealthy_age_ms);
  return std::nullopt;  // serving, or starting: not down
}

// An app is unavailable on a site when none of its replicas serves and at least one of them
// stopped serving; a site whose boxes the cloud hears none of is left to box_offline.
AlertEngine::BoxState& AlertEngine::box_state(const std::string& box, const std::string& site) {
  auto [it, inserted] = boxes_.try_emplace(box);
  if (inserted) site_boxes_[site].emplace(box, &it->second);
  return it->second;
}

const std::map<std::string, const AlertEngine::BoxState*>& AlertEngine::boxes_of(
    const std::string& site) const {
  static const std::map<std::string, const BoxState*> kNone;
  const auto it = site_boxes_.find(site);
  return it == site_boxes_.end() ? kNone : it->second;
}

void AlertEngine::evaluate_site(const std::string& site) {
  struct Tally {
    int serving = 0;
    std::optional<Time> last_down;
    bool unreachable = false;
  };
  std::map<std::string, Tally> apps;
  bool visible = false, offline = false;
  for (const auto& [box, state_of_box] : boxes_of(site)) {
    const BoxState& state = *state_of_box;
    const NodeRow& row = registry_.rows().at(box);
    visible = visible || row.status == "running";
    offline = offline || row.status == "offline";
    const bool dead =
        row.status != "running" &&
        heard_throughout(site, box, row.last_update, row.last_update + config_.unreachable_after);
    for (const auto& c : state.containers) {
      Tally& t = apps[c.app];
      if (row.status == "running" && serving(c)) ++t.serving;
      const auto down = stopped_serving(box, state, c, dead);
      if (down && (!t.last_down || *down > *t.last_down))
        t.last_down = down, t.unreachable = unreachable_at(state, *down);
    }
  }
  std::vector<AlertKey> ended;
  const AlertKey first{std::string(kAppUnavailable), site, "", ""};
  for (auto it = active_.lower_bound(first);
       it != active_.end() && it->first.rule == kAppUnavailable && it->first.site == site; ++it) {
    auto app = apps.find(it->first.subject);
    if (app == apps.end() || app->second.serving > 0) ended.push_back(it->first);
  }
  for (const auto& key : ended) clear(key);
  if (!offline) offline_sites_.erase(site);
  if (!visible) return;
  for (const auto& [app, t] : apps)
    if (t.serving == 0 && t.last_down)
      raise({std::string(kAppUnavailable), site, "", app}, *t.last_down, t.unreachable);
}

void AlertEngine::set(const AlertKey& key, bool active, Time began, bool while_unreachable) {
  if (active)
    raise(key, began, while_unreachable);
  else
    clear(key);
}

void AlertEngine::raise(const AlertKey& key, Time began, bool while_unreachable, Shot shot) {
  if (shot == Shot::level && active_.contains(key)) return;
  if (active_.size() >= kAlertsMax) {
    ++dropped_;
    return;
  }
  const Time now = platform_.now();
  began = std::min(began, now);
  ++raised_total_;
  nlohmann::ordered_json fields{{"rule", key.rule},
                                {"site", key.site},
                                {"box", key.box},
                                {"subject", key.subject},
                                {"began_s", began.to_seconds()},
                                {"delay_s", (now - began).to_seconds()},
                                {"while_unreachable", while_unreachable}};
  if (shot != Shot::level) fields["one_shot"] = true;  // an event, not a state: never cleared
  if (shot == Shot::ended) fields["ended"] = true;
  platform_.events().emit("alert.raised", std::move(fields));
  if (shot == Shot::level) active_[key] = Alert{began, now, while_unreachable};
}

void AlertEngine::clear(const AlertKey& key) {
  auto it = active_.find(key);
  if (it == active_.end()) return;
  platform_.events().emit("alert.cleared",
                          {{"rule", key.rule},
                           {"site", key.site},
                           {"box", key.box},
                           {"subject", key.subject},
                           {"active_s", (platform_.now() - it->second.began).to_seconds()}});
  active_.erase(it);
}

std::vector<HostRow> AlertEngine::hosts() const {
  std::vector<HostRow> out;
  for (const auto& [name, row] : registry_.rows()) {
    HostRow h{name, row.site, row.status};
    if (auto it = boxes_.find(name); it != boxes_.end()) {
      const NodeReport& r = it->second.last_report;
      h.cpus = r.cpus;
      h.memory_mib = r.memory_gib * 1024;
      h.cpu_request_milli = r.cpu_request_milli;
      h.cpu_limit_milli = r.cpu_limit_milli;
      h.memory_request_mib = r.memory_request_mib;
      h.memory_limit_mib = r.memory_limit_mib;
      h.containers = it->second.containers.size();
    }
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<AppRow> AlertEngine::apps() const {
  std::map<std::pair<std::string, std::string>, AppRow> rows;
  for (const auto& [box, state] : boxes_) {
    const NodeRow& node = registry_.rows().at(box);
    for (const auto& c : state.containers) {
      AppRow& a = rows[{node.site, c.app}];
      a.site = node.site;
      a.app = c.app;
      ++a.replicas;
      if (node.status == "running" && serving(c)) ++a.serving;
      a.cpu_request_milli += c.cpu_request_milli;
      a.memory_request_mib += c.memory_request_mib;
      a.containers.push_back(box + "/" + c.name);
    }
  }
  std::vector<AppRow> out;
  for (auto& [key, a] : rows) {
    a.status = a.serving == 0 ? "unavailable" : a.serving < a.replicas ? "degraded" : "serving";
    out.push_back(std::move(a));
  }
  return out;
}

// O(1): it runs after every datagram the cloud receives. That an alert begins no later than it
// is raised holds by construction (raise() clamps `began` to now).
void AlertEngine::check_invariants() const {
  EDGETWIN_ASSERT(active_.size() <= kAlertsMax, "active alerts stay within kAlertsMax");
  EDGETWIN_ASSERT(raised_total_ >= active_.size(), "every active alert was raised");
}

}  // namespace edgetwin::fw
