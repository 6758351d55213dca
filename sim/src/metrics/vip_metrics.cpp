#include "edgetwin/sim/metrics/vip_metrics.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

struct Change {
  double t;
  std::string box;
  bool claimed;
};

// Ownership changes per site, in time order.
std::map<std::string, std::vector<Change>> changes_by_site(const std::vector<LoggedEvent>& events) {
  std::map<std::string, std::vector<Change>> out;
  for (const auto& e : events) {
    if (e.kind != "vip.claim" && e.kind != "vip.release") continue;
    out[e.line["site"]].push_back({e.t, e.line["box"], e.kind == "vip.claim"});
  }
  return out;
}

// Seconds during which two or more boxes of the site held the VIP.
double dual_seconds(const std::vector<Change>& changes, double end_s) {
  std::set<std::string> holders;
  double dual = 0, since = 0;
  for (const auto& c : changes) {
    if (holders.size() >= 2) dual += c.t - since;
    if (c.claimed) holders.insert(c.box);
    else holders.erase(c.box);
    since = c.t;
  }
  if (holders.size() >= 2) dual += end_s - since;
  return dual;
}

std::set<std::string> holders_before(const std::vector<Change>& changes, double t) {
  std::set<std::string> holders;
  for (const auto& c : changes) {
    if (c.t >= t) break;
    if (c.claimed) holders.insert(c.box);
    else holders.erase(c.box);
  }
  return holders;
}

// From a fault that took the VIP from its holder to another box claiming it.
std::optional<double> failover(const std::vector<Change>& changes, const FaultWindow& w) {
  const auto holders = holders_before(changes, w.start_s);
  if (holders.size() != 1) return std::nullopt;
  const std::string& old = *holders.begin();
  std::optional<double> lost;
  for (const auto& c : changes) {
    if (c.t < w.start_s) continue;
    if (!lost && c.box == old && !c.claimed && c.t <= w.end_s) lost = c.t;
    if (lost && c.box != old && c.claimed) return c.t - w.start_s;
  }
  return std::nullopt;
}

}  // namespace

void add_vip_metrics(const RunFacts& f, Json& m) {
  const auto by_site = changes_by_site(f.events);
  std::vector<std::pair<std::string, double>> failovers;
  Json dual_by_site = Json::object();
  double dual_total = 0;
  int transitions = 0;
  for (const auto& [site, changes] : by_site) {
    const double dual = round_time(dual_seconds(changes, f.duration_s));
    dual_total += dual;
    if (dual > 0) dual_by_site[site] = dual;
    int claims = 0;
    for (const auto& c : changes) claims += c.claimed;
    transitions += claims > 0 ? claims - 1 : 0;  // the first election is not a transition
    for (const auto& w : f.faults)
      if (w.site == site)
        if (auto s = failover(changes, w)) failovers.emplace_back(site, *s);
  }
  m["vip_failover_s"] = distribution(failovers);
  m["dual_master_s"] = round_time(dual_total);
  m["dual_master_s_by_site"] = dual_by_site;
  m["vip_transitions"] = transitions;
}

}  // namespace edgetwin::sim
