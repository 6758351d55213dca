#include "edgetwin/sim/metrics/first_deployment_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

// What happened to one site, in simulated seconds.
struct SiteTimes {
  std::optional<double> installed, activated, ordered, downloaded, serving;
};

// Nearest rank, as metrics.cpp.
double nearest_rank(const std::vector<double>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

Json phase(const std::map<std::string, double>& by_site) {
  std::vector<double> values;
  for (const auto& [site, v] : by_site) values.push_back(round_time(v));
  std::sort(values.begin(), values.end());
  Json out;
  out["count"] = values.size();
  static const std::pair<const char*, double> kRanks[] = {{"p50", 0.50}, {"p95", 0.95}, {"p99", 0.99}};
  for (const auto& [key, p] : kRanks)
    out[key] = values.empty() ? Json(nullptr) : Json(nearest_rank(values, p));
  out["max"] = values.empty() ? Json(nullptr) : Json(values.back());
  out["by_site"] = Json::object();
  for (const auto& [site, v] : by_site) out["by_site"][site] = round_time(v);
  return out;
}

std::string site_of(const Json& line) { return line.value("site", std::string{}); }

// The first rollout's story of each site, and the boxes' activations.
std::map<std::string, SiteTimes> site_times(const RunFacts& f) {
  std::map<std::string, std::string> box_site;
  std::map<std::string, SiteTimes> out;
  for (const auto& site : f.fleet.sites) {
    out[site.name].installed = f.install_from_s ? std::nullopt : std::optional<double>(0.0);
    for (const auto& box : site.boxes) box_site[box.name] = site.name;
  }
  std::map<std::string, double> box_activated;
  for (const auto& e : f.events) {
    if (e.kind == "site.installed") {
      out[site_of(e.line)].installed = e.t;
    } else if (e.kind == "node.status" && e.line["from"] == "activating" &&
               e.line["to"] == "running") {
      box_activated.try_emplace(e.line["box"].get<std::string>(), e.t);
    } else if (e.kind == "rollout.site" && e.line.value("rollout", 0) == 1) {
      SiteTimes& s = out[site_of(e.line)];
      const std::string state = e.line.value("state", "");
      if (state == "ordered" && !s.ordered) s.ordered = e.t;
      if (state == "downloaded" && !s.downloaded) s.downloaded = e.t;
    } else if (e.kind == "app.converged") {
      SiteTimes& s = out[site_of(e.line)];
      if (s.downloaded && !s.serving) s.serving = e.t;
    }
  }
  for (const auto& site : f.fleet.sites) {
    std::optional<double> last;
    for (const auto& box : site.boxes) {
      const auto it = box_activated.find(box.name);
      if (it == box_activated.end()) {
        last.reset();
        break;
      }
      last = std::max(last.value_or(0.0), it->second);
    }
    out[site.name].activated = last;
  }
  return out;
}

}  // namespace

void add_first_deployment_metrics(const RunFacts& f, Json& m) {
  if (!f.factory_start) return;
  const double from_s = f.install_from_s.value_or(0.0);
  std::map<std::string, double> wait, activation, queue, download, install, serving;
  double last_serving = 0;
  std::size_t sites_serving = 0;
  for (const auto& [site, s] : site_times(f)) {
    if (s.installed) wait[site] = *s.installed - from_s;
    if (s.installed && s.activated) activation[site] = *s.activated - *s.installed;
    if (s.activated && s.ordered) queue[site] = std::max(0.0, *s.ordered - *s.activated);
    if (s.ordered && s.downloaded) download[site] = *s.downloaded - *s.ordered;
    if (s.downloaded && s.serving) install[site] = *s.serving - *s.downloaded;
    if (!s.serving) continue;
    ++sites_serving;
    last_serving = std::max(last_serving, *s.serving);
    if (s.installed) serving[site] = *s.serving - *s.installed;
  }
  m["site_install_wait_s"] = phase(wait);
  m["site_activation_s"] = phase(activation);
  m["site_queue_s"] = phase(queue);
  m["site_download_s"] = phase(download);
  m["site_install_s"] = phase(install);
  m["site_serving_s"] = phase(serving);
  m["sites_serving"] = sites_serving;
  const bool all = sites_serving == f.fleet.sites.size();
  m["fleet_serving_s"] = all ? Json(round_time(last_serving - from_s)) : Json(nullptr);
  m["fleet_serving_days"] =
      all ? Json(std::round((last_serving - from_s) / 864.0) / 100) : Json(nullptr);
}

}  // namespace edgetwin::sim
