#include "edgetwin/sim/metrics/monitoring_views.hpp"

#include <algorithm>
#include <cmath>

#include "edgetwin/model/load_share.hpp"
#include "edgetwin/model/site_placement.hpp"
#include "edgetwin/sim/record/append_new_key.hpp"

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

double rounded(double v) { return std::round(v * 1000) / 1000; }

// The console's "application type": a cluster component (installed after the platform's
// approval) or a business app, and for the latter its data service if it has one.
std::string app_type(const model::App& app) {
  if (app.approval) return "component";
  return app.data.empty() ? "stateless" : app.data;
}

}  // namespace

MonitoringViews::MonitoringViews(const model::Fleet& fleet,
                                 std::map<std::string, std::string> site_vips)
    : fleet_(fleet), site_vips_(std::move(site_vips)) {
  for (const auto& site : fleet.sites)
    for (const auto& node : model::site_nodes(fleet, site)) capacity_[node.name] = node.capacity;
}

void MonitoringViews::append(std::vector<Point>& series, Point point) {
  if (!series.empty() &&
      std::equal(series.back().begin() + 1, series.back().end(), point.begin() + 1, point.end()))
    return;
  if (rows_ >= kRowsMax) {
    truncated_ = true;
    return;
  }
  ++rows_;
  series.push_back(std::move(point));
}

void MonitoringViews::sample_apps(double t, const std::vector<fw::AppRow>& apps) {
  // An app the cloud no longer hears of (every box of its site silent, or it was deleted)
  // shows as such rather than keeping its last row.
  std::map<std::pair<std::string, std::string>, const fw::AppRow*> now;
  for (const auto& a : apps) now[{a.site, a.app}] = &a;
  for (auto& [key, series] : apps_)
    if (!now.contains(key)) append(series, {t, "unreported", 0, 0});
  for (const auto& [key, a] : now) append(apps_[key], {t, a->status, a->replicas, a->serving});
}

void MonitoringViews::sample_hosts(double t, const std::vector<fw::HostRow>& hosts) {
  for (const auto& h : hosts)
    append(hosts_[h.box],
           {t, h.status, h.containers, h.cpu_request_milli / 1000.0, h.memory_request_mib});
}

void MonitoringViews::sample_containers(double t, const std::string& box,
                                        const std::vector<fw::ContainerStatus>& containers) {
  const auto capacity = capacity_.find(box);
  if (capacity == capacity_.end()) return;
  std::vector<fw::ContainerSpec> running;
  for (const auto& c : containers)
    if (c.state == fw::ContainerState::running) running.push_back(c.spec);
  // Shared as box_resources shares it, at this hour of the day (model/load_profile.hpp).
  const auto use = model::container_use(fleet_, capacity->second.cpu, running, model::hour_of_day(t));
  std::vector<std::pair<std::string, double>> memory;  // running containers, in order
  std::vector<double> cpu;
  for (std::size_t i = 0; i < running.size(); ++i) {
    memory.emplace_back(box + "/" + running[i].name, use[i].memory_mib);
    cpu.push_back(use[i].cpu);
  }
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < memory.size(); ++i) {
    append(containers_[memory[i].first], {t, rounded(cpu[i]), rounded(memory[i].second)});
    seen.push_back(memory[i].first);
  }
  // A container that stopped, or whose box is off, uses nothing from now on.
  for (const auto& key : running_on_[box])
    if (std::find(seen.begin(), seen.end(), key) == seen.end())
      append(containers_[key], {t, 0.0, 0.0});
  auto& known = running_on_[box];
  for (const auto& key : seen)
    if (std::find(known.begin(), known.end(), key) == known.end()) known.push_back(key);
}

Json MonitoringViews::to_json() const {
  Json apps = Json::array();
  for (const auto& [key, series] : apps_) {
    const auto& [site, app] = key;
    Json row{{"site", site}, {"app", app}};
    if (const auto it = fleet_.apps.find(app); it != fleet_.apps.end()) {
      row["type"] = app_type(it->second);
      row["ports"] = it->second.ports;
      const auto vip = site_vips_.find(site);
      if (vip != site_vips_.end() && !it->second.ports.empty())
        row["address"] = vip->second + ":" + std::to_string(it->second.ports.front());
    }
    row["series"] = series;
    apps.push_back(std::move(row));
  }
  Json hosts = Json::object();
  for (const auto& [box, series] : hosts_) append_new_key(hosts, box, series);  // a sorted map
  Json containers = Json::object();
  for (const auto& [key, series] : containers_) append_new_key(containers, key, series);
  Json out{{"interval_s", kIntervalS},
           {"app_columns", {"t", "status", "replicas", "ready"}},
           {"apps", std::move(apps)},
           {"host_columns", {"t", "status", "containers", "cpu_request", "memory_request_mib"}},
           {"hosts", std::move(hosts)},
           {"container_columns", {"t", "cpu_use", "memory_use_mib"}},
           {"containers", std::move(containers)}};
  if (truncated_) out["truncated"] = true;
  return out;
}

}  // namespace edgetwin::sim
