#include "edgetwin/firmware/agents/agent_stats.hpp"

#include <string>

namespace edgetwin::fw {
namespace {

template <class Reason, std::size_t kKinds>
nlohmann::ordered_json by_reason(const ReasonCounters<Reason, kKinds>& counters) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < kKinds; ++i) {
    const auto reason = static_cast<Reason>(i);
    if (counters.of(reason) > 0) out[std::string(to_string(reason))] = counters.of(reason);
  }
  return out;
}

InboxStats sum(const std::vector<InboxStats>& inboxes) {
  InboxStats total;
  for (const auto& in : inboxes) {
    total.accepted += in.accepted;
    total.malformed += in.malformed;
    total.unauthenticated += in.unauthenticated;
    total.stale += in.stale;
    total.senders_over_limit += in.senders_over_limit;
    total.incarnations += in.incarnations;
  }
  return total;
}

}  // namespace

std::uint64_t AgentStats::malformed_total() const {
  std::uint64_t total = vrrp ? vrrp->dropped() : 0;
  for (const auto& in : inboxes)
    total += in.malformed.total() + in.unauthenticated.total() + in.senders_over_limit;
  return total;
}

std::uint64_t AgentStats::stale_total() const {
  std::uint64_t total = 0;
  for (const auto& in : inboxes) total += in.stale;
  return total;
}

nlohmann::ordered_json to_json(const AgentStats& stats) {
  const InboxStats in = sum(stats.inboxes);
  nlohmann::ordered_json out{{"inbox",
                              {{"accepted", in.accepted},
                               {"malformed", in.malformed.total()},
                               {"malformed_by_reason", by_reason(in.malformed)},
                               {"unauthenticated", by_reason(in.unauthenticated)},
                               {"stale", in.stale},
                               {"senders_over_limit", in.senders_over_limit},
                               {"incarnations", in.incarnations}}}};
  if (stats.vrrp) {
    const VrrpStats& v = *stats.vrrp;
    out["vrrp_malformed"] = by_reason(v.malformed);
    out["vrrp_unauthenticated"] = by_reason(v.unauthenticated);
    out["vrrp"] = {{"adverts_received", v.adverts_received},
                   {"adverts_sent", v.adverts_sent},
                   {"priority_zero_received", v.priority_zero_received},
                   {"priority_zero_sent", v.priority_zero_sent},
                   {"became_master", v.became_master},
                   {"released_master", v.released_master},
                   {"unknown_senders", v.unknown_senders}};
  }
  if (stats.vrrp_state) out["vrrp_state"] = to_string(*stats.vrrp_state);
  if (stats.vrrp) out["vip_held"] = stats.vip_held;
  if (stats.lease) {
    const LeaseStats& l = *stats.lease;
    out["lease"] = {{"requests_sent", l.requests_sent},
                    {"grants_accepted", l.grants_accepted},
                    {"replies_ignored", l.replies_ignored},
                    {"lapses", l.lapses},
                    {"retries", l.retries},
                    {"witness_rounds_skipped", l.witness_rounds_skipped},
                    {"releases_sent", l.releases_sent},
                    {"releases_honoured", l.releases_honoured},
                    {"releases_ignored", l.releases_ignored}};
  }
  if (stats.peers) {
    const PeerMonitorStats& p = *stats.peers;
    out["peers"] = {{"heartbeats_sent", p.heartbeats_sent},
                    {"heartbeats_received", p.heartbeats_received},
                    {"strangers", p.strangers},
                    {"declared_down", p.declared_down},
                    {"declared_up", p.declared_up}};
  }
  out["container_restarts"] = stats.container_restarts;
  nlohmann::ordered_json data = nlohmann::ordered_json::object();
  for (const auto& [app, c] : stats.data) {
    data[app] = {{"acknowledged", c.acknowledged},
                 {"acknowledged_async", c.acknowledged_async},
                 {"rejected", c.rejected},
                 {"abandoned", c.abandoned},
                 {"discarded_entries", c.discarded_entries},
                 {"stale_term", c.stale_term},
                 {"persist_failures", c.persist_failures}};
  }
  if (!data.empty()) out["data"] = data;
  return out;
}

}  // namespace edgetwin::fw
