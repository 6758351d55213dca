#pragma once
// The fleet-wide safety invariants, checked while the run goes (at every event the twin
// records), not after it: the per-node ones are the firmware's own (EDGETWIN_ASSERT, checked by
// the driver after every datagram and timer); these span nodes, so only the twin sees them.
//
// - single_vip_holder: at no instant do two boxes of a site hold its VIP (vip.claim/release).
//   A site without a witness breaks it under a LAN split by design; that is how the search
//   shows it finds a real split brain.
// - acknowledged_write_kept: when a box becomes a data primary (and at the end of the run for
//   the primaries then), its log holds every write acknowledged so far, except those its
//   acknowledging primary made in async mode (fallback after the semi-sync timeout, or an
//   async fleet), which the product documents as losable. Only log-backed services in
//   semi-sync fleets: NAS volumes are one copy, and async fleets promise nothing.
// - term_monotonic: a box's data term per app never decreases (data.role events);
// - generation_monotonic: the desired-state generation a box applied never decreases
//   (desired.applied). Both restart from nothing after a disk-loss of the box.
//
// - lease_within_grantor_view: when a grantor acts on its view that a box's lease ended (the
//   peer box claims the VIP after its grant ran out; the witness hands the site's lease to the
//   other box), that box no longer counts a live grant from it. The holder counts from the
//   request's send and shortens each grant by the clock-drift allowance (vip_lease.hpp), so
//   this holds under the clock skews the search draws.
// - firmware_invariant: a node's own invariant (EDGETWIN_ASSERT) broke; the run stops there and
//   fails whatever the scenario expects.
//
// A violation is recorded with the event that showed it; the first one can stop the run.
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "edgetwin/firmware/data/replicated_log.hpp"
#include "edgetwin/model/fleet.hpp"
#include "edgetwin/sim/record/event_log.hpp"
#include "edgetwin/sim/workloads/writes_workload.hpp"

namespace edgetwin::sim {

struct Violation {
  double t = 0;
  std::string invariant;
  std::string site;
  std::string detail;
  nlohmann::ordered_json event;  // the event at which it showed
  nlohmann::ordered_json to_json() const;
};

class InvariantMonitor {
 public:
  // How the monitor reads state beyond the event stream: a box's log for an app (null when the
  // box is off, has no such log-backed service, or is not known).
  using LogOf =
      std::function<const fw::ReplicatedLog*(const std::string& box, const std::string& app)>;
  // Whether `holder` (a powered box) counts a live lease grant from the node `grantor` now.
  using CountsGrant = std::function<bool(const std::string& holder, const std::string& grantor)>;
  static constexpr std::size_t kViolationsKept = 20;  // the count goes on; details stop here

  InvariantMonitor(const model::Fleet& fleet, const History* history, LogOf log_of,
                   CountsGrant counts_grant = {});
  // Called for every event, in order. `on_violation` (if set) runs after a new violation.
  void observe(const LoggedEvent& e);
  // A node's own invariant (EDGETWIN_ASSERT) broke: the run cannot go on from that state.
  void firmware_broke(double t, const std::string& what);
  bool firmware_broken() const { return firmware_broken_; }
  void set_on_violation(std::function<void(const Violation&)> f) { on_violation_ = std::move(f); }
  // The end of the run: every box that is primary for an app then is checked as if promoted.
  struct Primary {
    std::string site;
    std::string app;
    std::string box;
  };
  void finish(double t, const std::vector<Primary>& primaries);

  std::uint64_t count() const { return count_; }
  const std::vector<Violation>& violations() const { return kept_; }

 private:
  struct AsyncSpan {
    double from = 0;
    double to = -1;  // -1: still async
  };
  void report(Violation v);
  void on_vip(const LoggedEvent& e, bool claimed);
  void on_role(const LoggedEvent& e);
  void on_semisync(const LoggedEvent& e);
  void on_generation(const LoggedEvent& e);
  void on_fault(const LoggedEvent& e);
  void on_handover(const LoggedEvent& e);
  void check_grant_ended(const LoggedEvent& e, const std::string& site, const std::string& holder,
                         const std::string& grantor);
  void check_writes_kept(double t, const std::string& site, const std::string& box,
                         const std::string& app, const nlohmann::ordered_json& event);
  bool acked_async(const Operation& op) const;

  bool semi_sync_fleet_;
  const History* history_;
  LogOf log_of_;
  CountsGrant counts_grant_;
  std::map<std::string, std::vector<std::string>> boxes_;  // by site
  std::function<void(const Violation&)> on_violation_;
  std::uint64_t count_ = 0;
  bool firmware_broken_ = false;
  std::vector<Violation> kept_;
  std::map<std::string, std::set<std::string>> vip_holders_;  // by site
  std::set<std::string> split_sites_;  // sites with two holders now (one violation each time)
  std::map<std::pair<std::string, std::string>, std::uint64_t> terms_;           // (box, app)
  std::map<std::string, std::uint64_t> generations_;                             // by box
  std::map<std::pair<std::string, std::string>, std::vector<AsyncSpan>> async_;  // (box, app)
};

}  // namespace edgetwin::sim
