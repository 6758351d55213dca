#include "edgetwin/sim/metrics/metrics.hpp"

#include "edgetwin/sim/metrics/activation_metrics.hpp"
#include "edgetwin/sim/metrics/alert_metrics.hpp"
#include "edgetwin/sim/metrics/app_metrics.hpp"
#include "edgetwin/sim/metrics/first_deployment_metrics.hpp"
#include "edgetwin/sim/metrics/availability_metrics.hpp"
#include "edgetwin/sim/metrics/generic_node_metrics.hpp"
#include "edgetwin/sim/metrics/n1_metrics.hpp"
#include "edgetwin/sim/metrics/rollout_metrics.hpp"
#include "edgetwin/sim/metrics/vip_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

// Nearest-rank percentile of sorted values.
double percentile(const std::vector<double>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// First event of `kind` at or after `from` (and before `until`) whose fields match.
std::optional<double> first_event(const std::vector<LoggedEvent>& events, std::string_view kind,
                                  double from, double until,
                                  const std::function<bool(const Json&)>& match) {
  for (const auto& e : events)
    if (e.kind == kind && e.t >= from && e.t <= until && match(e.line)) return e.t;
  return std::nullopt;
}

// The boxes a fault window takes out of the cloud's sight.
std::vector<std::string> unseen_boxes(const model::Fleet& fleet, const FaultWindow& w) {
  if (!w.boxes_down.empty()) return w.boxes_down;
  if (w.kind != "wan-down" && w.kind != "cloud-down") return {};  // the cloud still sees them
  std::vector<std::string> out;
  for (const auto& site : fleet.sites)
    if (w.kind == "cloud-down" || site.name == w.site)
      for (const auto& box : site.boxes) out.push_back(box.name);
  return out;
}

// The box's status in the cloud's node list just before `t` ("offline" before any report).
std::string node_status_before(const std::vector<LoggedEvent>& events, const std::string& box,
                               double t) {
  std::string status = "offline";
  for (const auto& e : events) {
    if (e.t >= t) break;
    if (e.kind == "node.status" && e.line["box"] == box) status = e.line["to"];
  }
  return status;
}

using Samples = std::vector<std::pair<std::string, double>>;

struct Detections {
  Samples peer;
  Samples offline;
  // Faults that lasted longer than their detection timeout (plus a second for the network)
  // on a target that was seen up, but were never detected: a firmware bug, not bad luck.
  int undetected = 0;
};

void detect_offline(const RunFacts& f, const FaultWindow& w, Detections& d) {
  const double timeout_s = f.fleet.monitoring.cloud_offline_after_ms / 1000.0;
  for (const auto& box : unseen_boxes(f.fleet, w)) {
    if (node_status_before(f.events, box, w.start_s) != "running") continue;
    auto off = first_event(f.events, "node.status", w.start_s, w.end_s, [&](const Json& l) {
      return l["box"] == box && l["to"] == "offline";
    });
    if (off) d.offline.emplace_back(w.site, *off - w.start_s);
    else if (w.end_s - w.start_s > timeout_s + 1) ++d.undetected;
  }
}

// Whether another fault powered off a box of `w`'s site other than w.box between `from` and
// `until`: then no peer was there to notice.
bool peer_lost_power(const RunFacts& f, const FaultWindow& w, double from, double until) {
  for (const auto& other : f.faults) {
    if (&other == &w || other.site != w.site || other.start_s >= until || other.end_s <= from)
      continue;
    for (const auto& box : other.boxes_down)
      if (box != w.box) return true;
  }
  return false;
}

// A peer notices a dead box only if the peer itself is up and saw the box up.
void detect_by_peer(const RunFacts& f, const FaultWindow& w, Detections& d) {
  if (!takes_one_box_down(w.kind)) return;
  const double timeout_s = f.fleet.monitoring.peer_timeout_ms / 1000.0;
  if (peer_lost_power(f, w, w.start_s - timeout_s, w.start_s + timeout_s + 1)) return;
  auto about_box = [&](const Json& l) { return l["peer"] == w.box; };
  // peer.up / peer.down carry no "to": their kind is the state.
  bool seen_up = false;
  for (const auto& e : f.events) {
    if (e.t >= w.start_s) break;
    if ((e.kind == "peer.up" || e.kind == "peer.down") && about_box(e.line)) seen_up = e.kind == "peer.up";
  }
  if (!seen_up) return;
  auto down = first_event(f.events, "peer.down", w.start_s, w.end_s, about_box);
  if (down) d.peer.emplace_back(w.site, *down - w.start_s);
  else if (w.end_s - w.start_s > timeout_s + 1) ++d.undetected;
}

Detections detections(const RunFacts& f) {
  Detections d;
  for (const auto& w : f.faults) {
    detect_offline(f, w, d);
    detect_by_peer(f, w, d);
  }
  return d;
}

int count_events(const std::vector<LoggedEvent>& events, std::string_view kind) {
  return static_cast<int>(std::count_if(events.begin(), events.end(),
                                        [&](const LoggedEvent& e) { return e.kind == kind; }));
}

Json nodes_running_series(const std::vector<LoggedEvent>& events) {
  Json series = Json::array({Json::array({0.0, 0})});
  int running = 0;
  for (const auto& e : events) {
    if (e.kind != "node.status") continue;
    running += e.line["to"] == "running" ? 1 : (e.line["from"] == "running" ? -1 : 0);
    if (series.back()[0].get<double>() == e.t) series.erase(series.size() - 1);
    series.push_back(Json::array({e.t, running}));
  }
  return series;
}

}  // namespace

Json distribution(Samples samples) {
  Json out;
  std::vector<double> values;
  std::map<std::string, double> worst;
  for (const auto& [site, v] : samples) {
    values.push_back(round_time(v));
    auto [it, inserted] = worst.try_emplace(site, v);
    if (!inserted) it->second = std::max(it->second, v);
  }
  std::sort(values.begin(), values.end());
  out["count"] = values.size();
  out["p50"] = values.empty() ? Json(nullptr) : Json(percentile(values, 0.50));
  out["p99"] = values.empty() ? Json(nullptr) : Json(percentile(values, 0.99));
  out["max"] = values.empty() ? Json(nullptr) : Json(values.back());
  out["by_site"] = Json::object();
  for (const auto& [site, v] : worst)
    if (!site.empty()) out["by_site"][site] = round_time(v);
  return out;
}

Json compute_metrics(const RunFacts& f) {
  const Detections d = detections(f);
  Json m;
  m["peer_detect_s"] = distribution(d.peer);
  m["offline_detect_s"] = distribution(d.offline);
  m["peer_down_events"] = count_events(f.events, "peer.down");
  m["undetected_faults"] = d.undetected;
  m["nodes_running"] = nodes_running_series(f.events);
  m["wan_bytes"] = f.network.wan_bytes;
  m["datagrams_sent"] = f.network.datagrams_sent;
  m["datagrams_lost"] = f.network.datagrams_lost;
  m["malformed_datagrams"] = f.malformed_datagrams;
  m["stale_datagrams"] = f.stale_datagrams + f.network.dropped_stale;
  add_vip_metrics(f, m);
  add_app_metrics(f, m);
  add_availability_metrics(f, m);
  add_activation_metrics(f, m);
  add_first_deployment_metrics(f, m);
  if (f.data_checks != nullptr) add_data_metrics(*f.data_checks, f.events, m);
  add_rollout_metrics(f, m);
  add_alert_metrics(f, m);
  add_n1_metrics(f, m);
  add_generic_node_metrics(f, m);
  return m;
}

}  // namespace edgetwin::sim
