#include "edgetwin/sim/invariants/invariant_monitor.hpp"

#include <algorithm>

#include "edgetwin/sim/engine/fleet_platform.hpp"

namespace edgetwin::sim {

using Json = nlohmann::ordered_json;

Json Violation::to_json() const {
  return Json{
      {"t", t}, {"invariant", invariant}, {"site", site}, {"detail", detail}, {"event", event}};
}

InvariantMonitor::InvariantMonitor(const model::Fleet& fleet, const History* history, LogOf log_of,
                                   CountsGrant counts_grant)
    : semi_sync_fleet_(fleet.ha.replication == "semi-sync"),
      history_(history),
      log_of_(std::move(log_of)),
      counts_grant_(std::move(counts_grant)) {
  for (const auto& site : fleet.sites)
    for (const auto& box : site.boxes) boxes_[site.name].push_back(box.name);
}

void InvariantMonitor::report(Violation v) {
  ++count_;
  if (kept_.size() < kViolationsKept) kept_.push_back(v);
  if (on_violation_) on_violation_(v);
}

void InvariantMonitor::firmware_broke(double t, const std::string& what) {
  firmware_broken_ = true;
  report({t, "firmware_invariant", "", what, Json::object()});
}

void InvariantMonitor::observe(const LoggedEvent& e) {
  if (e.kind == "vip.claim") return on_vip(e, true);
  if (e.kind == "vip.release") return on_vip(e, false);
  if (e.kind == "data.role") return on_role(e);
  if (e.kind == "data.semisync") return on_semisync(e);
  if (e.kind == "desired.applied") return on_generation(e);
  if (e.kind == "fault.start") return on_fault(e);
  if (e.kind == "lease.handover") return on_handover(e);
}

void InvariantMonitor::check_grant_ended(const LoggedEvent& e, const std::string& site,
                                         const std::string& holder, const std::string& grantor) {
  if (!counts_grant_ || holder == grantor || !counts_grant_(holder, grantor)) return;
  report({e.t, "lease_within_grantor_view", site,
          holder + " still counts a lease granted by " + grantor + " after " + grantor +
              " acted on its end",
          e.line});
}

// The witness (site NAS, or the cloud) gave the site's lease to another box.
void InvariantMonitor::on_handover(const LoggedEvent& e) {
  const std::string site = e.line.value("site", "");
  const std::string grantor = e.line.value("by", "") == "cloud" ? "cloud" : nas_node_name(site);
  check_grant_ended(e, site, e.line.value("previous", ""), grantor);
}

// One violation per split: from the instant a second box claims until the site is back to
// at most one holder.
void InvariantMonitor::on_vip(const LoggedEvent& e, bool claimed) {
  const std::string site = e.line.value("site", "");
  auto& holders = vip_holders_[site];
  const std::string box = e.line.value("box", "");
  if (!claimed) {
    holders.erase(box);
    if (holders.size() < 2) split_sites_.erase(site);
    return;
  }
  holders.insert(box);
  // A box claims the VIP only once every grant it gave its peers has run out (peer_grants.hpp).
  if (const auto it = boxes_.find(site); it != boxes_.end())
    for (const auto& peer : it->second) check_grant_ended(e, site, peer, box);
  if (holders.size() < 2 || !split_sites_.insert(site).second) return;
  std::string names;
  for (const auto& h : holders) names += (names.empty() ? "" : ", ") + h;
  report(
      {e.t, "single_vip_holder", site, "two boxes hold the VIP of " + site + ": " + names, e.line});
}

void InvariantMonitor::on_role(const LoggedEvent& e) {
  const std::string box = e.line.value("box", "");
  const std::string app = e.line.value("app", "");
  const auto term = e.line.value("term", std::uint64_t{0});
  auto [it, fresh] = terms_.try_emplace({box, app}, term);
  if (!fresh && term < it->second) {
    report({e.t, "term_monotonic", e.line.value("site", ""),
            box + "'s " + app + " term went down from " + std::to_string(it->second) + " to " +
                std::to_string(term),
            e.line});
  }
  it->second = std::max(it->second, term);
  if (e.line.value("role", "") != "primary") return;
  check_writes_kept(e.t, e.line.value("site", ""), box, app, e.line);
}

void InvariantMonitor::on_semisync(const LoggedEvent& e) {
  auto& spans = async_[{e.line.value("box", ""), e.line.value("app", "")}];
  const bool to_async = e.line.value("to", "") == "async";
  if (to_async && (spans.empty() || spans.back().to >= 0)) spans.push_back({e.t, -1});
  if (!to_async && !spans.empty() && spans.back().to < 0) spans.back().to = e.t;
}

void InvariantMonitor::on_generation(const LoggedEvent& e) {
  const std::string box = e.line.value("box", "");
  const auto generation = e.line.value("generation", std::uint64_t{0});
  auto [it, fresh] = generations_.try_emplace(box, generation);
  if (!fresh && generation < it->second) {
    report({e.t, "generation_monotonic", e.line.value("site", ""),
            box + " applied desired-state generation " + std::to_string(generation) + " after " +
                std::to_string(it->second),
            e.line});
  }
  it->second = std::max(it->second, generation);
}

// A box whose disk is lost starts again from nothing: its terms and generations with it.
void InvariantMonitor::on_fault(const LoggedEvent& e) {
  if (e.line.value("fault", "") != "disk-loss") return;
  const std::string target = e.line.value("target", "");
  const std::string box = target.substr(target.find('/') + 1);
  generations_.erase(box);
  std::erase_if(terms_, [&](const auto& entry) { return entry.first.first == box; });
}

// Whether the box that acknowledged `op` was in async mode when the client heard it (the ack
// left a network delay earlier; a switch back to semi-sync in that delay means the replica had
// the whole log, so the write is on it anyway).
bool InvariantMonitor::acked_async(const Operation& op) const {
  if (!semi_sync_fleet_) return true;
  const auto it = async_.find({op.box, op.app});
  if (it == async_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [&](const AsyncSpan& s) {
    return s.from <= op.complete_s && (s.to < 0 || op.complete_s <= s.to);
  });
}

void InvariantMonitor::check_writes_kept(double t, const std::string& site, const std::string& box,
                                         const std::string& app, const Json& event) {
  if (!semi_sync_fleet_ || history_ == nullptr) return;
  const fw::ReplicatedLog* log = log_of_ ? log_of_(box, app) : nullptr;
  if (log == nullptr) return;  // a NAS volume, or no such service
  std::set<std::uint64_t> values;
  for (std::uint64_t i = std::max<std::uint64_t>(log->snapshot().index + 1, 1);
       i <= log->last_index(); ++i)
    values.insert(log->at(i).value);
  for (const auto& op : history_->operations()) {
    if (op.site != site || op.app != app || op.kind != "write" || op.outcome != "ok") continue;
    if (op.index <= log->snapshot().index || acked_async(op)) continue;
    if (values.count(op.value) != 0) continue;
    report({t, "acknowledged_write_kept", site,
            box + " became " + app + " primary without write " + std::to_string(op.value) +
                " (acknowledged by " + op.box + " at t=" + std::to_string(op.complete_s) +
                ", term " + std::to_string(op.term) + ", index " + std::to_string(op.index) + ")",
            event});
    return;  // one per promotion: the rest of the history says the same
  }
}

void InvariantMonitor::finish(double t, const std::vector<Primary>& primaries) {
  for (const auto& p : primaries)
    check_writes_kept(t, p.site, p.box, p.app,
                      Json{{"t", t}, {"kind", "run.end"}, {"site", p.site}, {"box", p.box}});
}

}  // namespace edgetwin::sim
