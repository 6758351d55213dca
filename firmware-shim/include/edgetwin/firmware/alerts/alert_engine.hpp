#pragma once
// The cloud's host and app monitoring and its alert rules, fed by what the boxes report (node
// reports, condition reports) and by the node list's and the rollout's verdicts.
//
// Rules (an alert is raised once when its condition appears and cleared when it goes):
//   box_offline        the node list turned a running box offline; began = its last report
//   app_unhealthy      a container stopped serving (box's HealthMonitor); began = now - age
//   app_unavailable    no replica of an app on a site serves; began = when the last one stopped.
//                      A replica on an offline box counts as stopped only when another box of
//                      the site was heard all along while that box went silent and after its
//                      offline verdict: the box died, not the site's WAN.
//   vip_failover       a box took its site's VIP from its peer (one-shot: raised, never cleared)
// A condition that began and ended unseen (during a WAN outage) arrives as a one-shot with
// `ended: true`: the alert is raised for the record and is not kept active.
//   data_async         a semi-sync data primary fell back to async; began = now - age
//   rollout_paused     the fleet rollout paused
//   resource_pressure  a box's CPU or memory requests exceed `pressure_ratio` of its capacity
// Events: alert.raised (rule, site, box, subject, began_s, delay_s, while_unreachable) and
// alert.cleared (rule, site, box, subject, active_s). `while_unreachable` says the condition
// began while the cloud heard nothing from the box for longer than `unreachable_after` (a WAN
// outage): the alert is late because the site could not tell, not because the cloud was slow.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "edgetwin/firmware/alerts/condition_messages.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/heartbeat/node_registry.hpp"
#include "edgetwin/firmware/wire/messages.hpp"

namespace edgetwin::fw {

struct AlertConfig {
  double pressure_ratio = 0.9;  // of capacity, for requests
  Duration unreachable_after = Duration::seconds(30);
};

struct AlertKey {
  std::string rule;
  std::string site;
  std::string box;
  std::string subject;
  auto operator<=>(const AlertKey&) const = default;
};

struct Alert {
  Time began;
  Time raised;
  bool while_unreachable = false;
};

// Host monitoring: one row per box.
struct HostRow {
  std::string box;
  std::string site;
  std::string status;
  std::uint32_t cpus = 0;
  std::uint32_t memory_mib = 0;
  std::uint32_t cpu_request_milli = 0;
  std::uint32_t cpu_limit_milli = 0;
  std::uint32_t memory_request_mib = 0;
  std::uint32_t memory_limit_mib = 0;
  std::size_t containers = 0;
};

// App monitoring: one row per app and site.
struct AppRow {
  std::string site;
  std::string app;
  std::string status;  // serving | degraded (some replicas do not serve) | unavailable
  int replicas = 0;
  int serving = 0;
  std::uint32_t cpu_request_milli = 0;
  std::uint32_t memory_request_mib = 0;
  std::vector<std::string> containers;  // "box/container"
};

enum class ConditionVerdict { accepted, stale, untrusted };

class AlertEngine {
 public:
  static constexpr std::size_t kAlertsMax = 10'000;

  AlertEngine(Platform& platform, const NodeRegistry& registry, AlertConfig config = {});
  void set_config(AlertConfig config) { config_ = config; }
  const AlertConfig& config() const { return config_; }
  void on_node_report(const NodeReport& report);
  // Stale: an older seq of the same boot (the cloud's Inbox drops older boots before this, and
  // lets a box restarted without its epoch record through as a new boot). Untrusted: a box the
  // node list does not know or has not heard yet (not acknowledged, so that the box sends it
  // again).
  ConditionVerdict on_condition_report(const std::string& box, std::uint32_t epoch,
                                       const ConditionReport& report);
  void on_node_status(const NodeRow& row, const std::string& from);
  void on_rollout_pause(bool paused, const std::string& why);

  const std::map<AlertKey, Alert>& active() const { return active_; }
  std::uint64_t raised_total() const { return raised_total_; }
  std::uint64_t dropped() const { return dropped_; }  // alerts over kAlertsMax
  std::vector<HostRow> hosts() const;
  std::vector<AppRow> apps() const;

  // Bounded, and every active alert was raised.
  void check_invariants() const;

 private:
  struct BoxState {
    std::uint32_t epoch = 0;
    std::uint64_t seq = 0;
    std::uint32_t one_shot_id_max = 0;  // of this epoch, already raised
    Time received_at;
    std::vector<ReportedContainer> containers;
    NodeReport last_report;
    std::optional<Time> heard_at;
    std::optional<std::pair<Time, Time>> outage;  // the latest silence over unreachable_after
  };

  void heard(BoxState& state);
  bool unreachable_at(const BoxState& state, Time began) const;
  enum class Shot { level, event, ended };  // kept active until cleared, or raised only
  void raise(const AlertKey& key, Time began, bool while_unreachable, Shot shot = Shot::level);
  void raise_one_shot(const std::string& box, const std::string& site, BoxState& state,
                      const ReportedCondition& c);
  void clear(const AlertKey& key);
  void set(const AlertKey& key, bool active, Time began, bool while_unreachable = false);
  void reconcile_box(const std::string& box, const std::string& site, BoxState& state,
                     const ConditionReport& report);
  void evaluate_site(const std::string& site);
  std::optional<Time> stopped_serving(const std::string& box, const BoxState& state,
                                      const ReportedContainer& c, bool site_heard_since) const;
  bool heard_throughout(const std::string& site, const std::string& except, Time from,
                        Time to) const;
  Time began_from_age(std::uint32_t age_ms) const;

  Platform& platform_;
  const NodeRegistry& registry_;
  AlertConfig config_;
  // A box's state, created on first sight under its site.
  BoxState& box_state(const std::string& box, const std::string& site);
  // The boxes of one site, by name: evaluating a site after each report must not walk the
  // fleet (at 4,000 sites that walk was most of the cloud's time).
  const std::map<std::string, const BoxState*>& boxes_of(const std::string& site) const;

  std::map<std::string, BoxState> boxes_;  // only boxes of the node list
  std::map<std::string, std::map<std::string, const BoxState*>> site_boxes_;  // into boxes_
  std::set<std::string> offline_sites_;    // sites with an offline box: re-evaluated on reports
  std::map<AlertKey, Alert> active_;
  std::uint64_t raised_total_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace edgetwin::fw
