#include "edgetwin/reports/ha_report.hpp"

#include <algorithm>
#include <set>

namespace edgetwin::reports {
namespace {

using Json = nlohmann::ordered_json;

// Counters whose non-zero value is a defect, not a statistic.
const std::set<std::string> kMustBeZero{"lost_writes", "phantom_reads", "undetected_faults"};

const std::vector<std::string> kHaCounters{"lost_writes",      "phantom_reads",
                                           "acknowledged_writes", "restarts",
                                           "vip_transitions",  "peer_down_events",
                                           "undetected_faults", "alerts_raised",
                                           "alerts_while_unreachable"};

double number_or(const Json& obj, const char* key, double fallback) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_number() ? it->get<double>() : fallback;
}

std::map<std::string, double> per_key(const Json& obj) {
  std::map<std::string, double> out;
  if (!obj.is_object()) return out;
  for (const auto& [key, v] : obj.items())
    if (v.is_number()) out[key] = v.get<double>();
  return out;
}

std::optional<Distribution> read_distribution(const Json& metrics, const std::string& name) {
  const auto it = metrics.find(name);
  if (it == metrics.end() || !it->is_object() || !it->contains("count")) return std::nullopt;
  Distribution d;
  d.metric = name;
  d.count = static_cast<int>(number_or(*it, "count", 0));
  d.p50 = number_or(*it, "p50", 0);
  d.p99 = number_or(*it, "p99", 0);
  d.max = number_or(*it, "max", 0);
  if (it->contains("by_site")) d.by_site = per_key((*it)["by_site"]);
  return d;
}

std::vector<std::pair<double, double>> read_series(const Json& metrics, const char* name) {
  std::vector<std::pair<double, double>> out;
  const auto it = metrics.find(name);
  if (it == metrics.end() || !it->is_array()) return out;
  for (const auto& point : *it)
    if (point.is_array() && point.size() == 2 && point[0].is_number() && point[1].is_number())
      out.emplace_back(point[0].get<double>(), point[1].get<double>());
  return out;
}

}  // namespace

const std::vector<std::string>& ha_distribution_metrics() {
  static const std::vector<std::string> kHaDistributions{
      "vip_failover_s", "app_recovery_s",   "unavailable_s",
      "peer_detect_s",  "offline_detect_s", "alert_delay_s"};
  return kHaDistributions;
}

HaSummary read_ha(const Json& metrics) {
  HaSummary ha;
  if (!metrics.is_object()) return ha;
  for (const auto& name : ha_distribution_metrics())
    if (auto d = read_distribution(metrics, name)) ha.distributions.push_back(std::move(*d));
  if (const auto it = metrics.find("unavailable_s"); it != metrics.end() && it->is_object())
    ha.unavailable_by_app = per_key(it->value("by_app", Json::object()));
  ha.dual_master_s = number_or(metrics, "dual_master_s", 0);
  if (metrics.contains("dual_master_s_by_site"))
    ha.dual_master_by_site = per_key(metrics["dual_master_s_by_site"]);
  for (const auto& name : kHaCounters)
    if (const auto it = metrics.find(name); it != metrics.end() && it->is_number())
      ha.counters.push_back({name, it->get<double>(), kMustBeZero.count(name) > 0});
  ha.nodes_running = read_series(metrics, "nodes_running");
  return ha;
}

const Distribution* HaSummary::find(const std::string& metric) const {
  for (const auto& d : distributions)
    if (d.metric == metric) return &d;
  return nullptr;
}

const Counter* HaSummary::counter(const std::string& metric) const {
  for (const auto& c : counters)
    if (c.metric == metric) return &c;
  return nullptr;
}

std::vector<std::string> HaSummary::sites() const {
  std::set<std::string> names;
  for (const auto& d : distributions)
    for (const auto& [site, v] : d.by_site) names.insert(site);
  for (const auto& [site, v] : dual_master_by_site) names.insert(site);
  return {names.begin(), names.end()};
}

}  // namespace edgetwin::reports
