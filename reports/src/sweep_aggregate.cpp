#include "edgetwin/reports/sweep_aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>

namespace edgetwin::reports {
namespace {

using Json = nlohmann::ordered_json;

// Nearest-rank percentile of sorted values, the same definition the run results use. It picks
// one of the values, so counts stay integers in sweep.json.
const Json& percentile(const std::vector<Json>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// The one number a metric contributes per seed, if it has one.
std::optional<Json> seed_value(const Json& metric) {
  if (metric.is_number()) return metric;
  if (metric.is_object() && metric.contains("count") && metric.contains("max") &&
      metric["max"].is_number())
    return metric["max"];
  return std::nullopt;
}

Json distribution(std::vector<Json> values) {
  std::stable_sort(values.begin(), values.end(),
                   [](const Json& a, const Json& b) { return a.get<double>() < b.get<double>(); });
  Json out;
  out["seeds"] = values.size();
  out["min"] = values.front();
  out["p50"] = percentile(values, 0.50);
  out["p95"] = percentile(values, 0.95);
  out["p99"] = percentile(values, 0.99);
  out["max"] = values.back();
  return out;
}

// Metrics in the order they first appear, so sweep.json reads like a run result.
Json aggregate_metrics(const std::vector<Json>& results) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<Json>> values;
  for (const auto& r : results) {
    const Json metrics = r.value("metrics", Json::object());
    for (const auto& [name, metric] : metrics.items()) {
      const auto v = seed_value(metric);
      if (!v) continue;
      if (!values.contains(name)) order.push_back(name);
      values[name].push_back(*v);
    }
  }
  Json out = Json::object();
  for (const auto& name : order) out[name] = distribution(values[name]);
  return out;
}

// Assertions by index: every seed ran the same scenario, so index i is the same `expect` entry.
Json aggregate_assertions(const std::vector<Json>& results) {
  Json out = Json::array();
  for (const auto& r : results) {
    const Json assertions = r.value("assertions", Json::array());
    for (std::size_t i = 0; i < assertions.size(); ++i) {
      if (i == out.size())
        out.push_back(Json{{"index", i},
                           {"expect", assertions[i]["expect"]},
                           {"failures", 0},
                           {"failed_seeds", Json::array()}});
      if (assertions[i].value("passed", false)) continue;
      out[i]["failures"] = out[i]["failures"].get<std::size_t>() + 1;
      out[i]["failed_seeds"].push_back(r["seed"]);
    }
  }
  return out;
}

}  // namespace

Json aggregate_sweep(const std::vector<Json>& results) {
  Json out;
  out["format"] = "edgetwin.sweep/v1";
  out["scenario"] = results.empty() ? Json(nullptr) : results.front().value("scenario", Json());
  Json seeds = Json::array();
  Json failed = Json::array();
  for (const auto& r : results) {
    seeds.push_back(r.value("seed", Json()));
    if (!r.value("passed", false)) failed.push_back(r.value("seed", Json()));
  }
  out["seeds"] = seeds;
  out["runs"] = results.size();
  out["passed"] = failed.empty();
  out["failed_seeds"] = failed;
  out["metrics"] = aggregate_metrics(results);
  out["assertions"] = aggregate_assertions(results);
  return out;
}

}  // namespace edgetwin::reports
