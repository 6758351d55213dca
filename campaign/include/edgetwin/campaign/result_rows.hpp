#pragma once
// A run result (edgetwin.result/v1) as rows of the metrics table: one row per sample, so that
// distributions over seeds are plain SQL.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace edgetwin::campaign {

struct MetricRow {
  std::string metric;
  std::optional<std::string> site;
  std::optional<std::string> app;
  double value = 0;
};

// - a number: one run-wide row (site and app NULL);
// - a per-event summary {count, p50, p99, max, by_site, by_app}: its `max` as the run-wide row
//   (the worst event of the run; none when there was no event), one row per by_site and
//   by_app entry;
// - `X_by_site` objects of numbers: rows of metric X with their site;
// - time series and other objects are left out (the result file keeps them).
std::vector<MetricRow> metric_rows(const nlohmann::ordered_json& metrics);

}  // namespace edgetwin::campaign
