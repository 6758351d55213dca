#include "edgetwin/reports/rollout_report.hpp"

#include <algorithm>

namespace edgetwin::reports {
namespace {

using Json = nlohmann::ordered_json;

std::optional<double> number_of(const Json& metrics, const char* key) {
  const auto it = metrics.find(key);
  if (it == metrics.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::vector<RolloutWave> read_waves(const Json& waves) {
  std::vector<RolloutWave> out;
  if (!waves.is_array()) return out;
  for (const auto& w : waves) {
    RolloutWave wave;
    wave.wave = w.value("wave", 0);
    if (w.contains("start_s") && w["start_s"].is_number()) wave.start_s = w["start_s"].get<double>();
    if (w.contains("end_s") && w["end_s"].is_number()) wave.end_s = w["end_s"].get<double>();
    wave.ready_sites = w.value("ready_sites", 0);
    wave.failed_sites = w.value("failed_sites", 0);
    out.push_back(wave);
  }
  return out;
}

std::vector<RolloutSiteTime> slowest_sites(const Json& ready, const model::Fleet& fleet) {
  std::vector<RolloutSiteTime> out;
  if (!ready.is_object() || !ready.contains("by_site")) return out;
  for (const auto& [site, s] : ready["by_site"].items()) {
    RolloutSiteTime t{site, s.get<double>(), 0, 0};
    if (const auto* model_site = fleet.find_site(site)) {
      t.wan_mbps = model_site->wan.mbps;
      t.wan_latency_ms = model_site->wan.latency_ms;
    }
    out.push_back(t);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.ready_s != b.ready_s ? a.ready_s > b.ready_s : a.site < b.site;
  });
  return out;
}

std::vector<DeploymentPhase> read_phases(const Json& metrics) {
  static const std::pair<const char*, const char*> kPhases[] = {
      {"site_install_wait_s", "waiting for install"}, {"site_activation_s", "activation"},
      {"site_queue_s", "queued for the rollout"},     {"site_download_s", "download"},
      {"site_install_s", "install and start"},        {"site_serving_s", "power-on to serving"}};
  std::vector<DeploymentPhase> out;
  for (const auto& [metric, label] : kPhases) {
    const auto it = metrics.find(metric);
    if (it == metrics.end() || !it->is_object()) continue;
    DeploymentPhase p{metric, label, it->value("count", 0), number_of(*it, "p50"),
                      number_of(*it, "p95"), number_of(*it, "max")};
    out.push_back(p);
  }
  return out;
}

}  // namespace

std::optional<RolloutSummary> read_rollout(const Json& metrics, const model::Fleet& fleet) {
  RolloutSummary r;
  r.activation_total_s = number_of(metrics, "activation_total_s");
  const bool had_rollout = metrics.contains("rollout_total_s");
  if (!had_rollout && !r.activation_total_s) return std::nullopt;
  r.total_s = number_of(metrics, "rollout_total_s");
  r.failed_sites = static_cast<int>(number_of(metrics, "rollout_failed_sites").value_or(0));
  r.paused = number_of(metrics, "rollout_paused").value_or(0) > 0;
  r.wan_bytes = number_of(metrics, "wan_bytes").value_or(0);
  r.image_bytes = number_of(metrics, "image_bytes_pulled").value_or(0);
  if (metrics.contains("rollout_waves")) r.waves = read_waves(metrics["rollout_waves"]);
  if (metrics.contains("rollout_site_ready_s"))
    r.sites = slowest_sites(metrics["rollout_site_ready_s"], fleet);
  r.phases = read_phases(metrics);
  r.sites_serving = static_cast<int>(number_of(metrics, "sites_serving").value_or(0));
  r.fleet_serving_s = number_of(metrics, "fleet_serving_s");
  return r;
}

}  // namespace edgetwin::reports
