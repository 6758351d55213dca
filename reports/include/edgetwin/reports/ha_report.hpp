#pragma once
// The HA figures of one run result's metrics (FORMATS.md, "Metrics"): failover, recovery,
// unavailability, detection, dual master, restarts and lost writes. Missing metrics stay absent:
// results from other scenarios or older builds carry different subsets.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace edgetwin::reports {

struct Distribution {
  std::string metric;
  int count = 0;
  double p50 = 0;
  double p99 = 0;
  double max = 0;
  std::map<std::string, double> by_site;  // the worst value of each site
};

struct Counter {
  std::string metric;
  double value = 0;
  bool must_be_zero = false;  // non-zero means data loss or split brain: shown in red
};

struct HaSummary {
  std::vector<Distribution> distributions;  // in kHaDistributions order, present ones only
  std::map<std::string, double> unavailable_by_app;
  double dual_master_s = 0;
  std::map<std::string, double> dual_master_by_site;
  std::vector<Counter> counters;  // in kHaCounters order, present ones only
  std::vector<std::pair<double, double>> nodes_running;  // (t_s, boxes running) steps

  const Distribution* find(const std::string& metric) const;
  const Counter* counter(const std::string& metric) const;
  // Every site named by a per-site value, sorted.
  std::vector<std::string> sites() const;
};

// The distributions the HA section shows, in this order.
const std::vector<std::string>& ha_distribution_metrics();

HaSummary read_ha(const nlohmann::ordered_json& metrics);

}  // namespace edgetwin::reports
