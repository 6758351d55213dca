#include "edgetwin/sim/metrics/assertions.hpp"

#include <cmath>
#include <optional>
#include <string>

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

struct Reading {
  std::optional<double> value;
  std::string worst_site;
  std::string why;  // when there is no value
};

Reading read_series(const Json& series, const model::Expectation& e) {
  std::optional<double> value;
  for (const auto& point : series) {
    if (e.at_s && point[0].get<double>() > *e.at_s) break;
    value = point[1].get<double>();
  }
  return {value, "", value ? "" : "the series has no point at that time"};
}

Reading read_distribution(const Json& dist, const model::Expectation& e) {
  const Json& by_site = dist["by_site"];
  // Every app a site deployed has an entry, zeros included: a missing one was never deployed,
  // and reading it as 0 would let the assertion pass without measuring anything.
  if (e.app && e.site) {
    if (!dist.contains("by_site_app")) return {std::nullopt, "", "metric has no per-app values"};
    const Json& site_apps = dist["by_site_app"].value(*e.site, Json::object());
    if (!site_apps.contains(*e.app))
      return {std::nullopt, "", "app " + *e.app + " was never deployed at site " + *e.site};
    return {site_apps[*e.app].get<double>(), *e.site, ""};
  }
  if (e.app) {
    if (!dist.contains("by_app")) return {std::nullopt, "", "metric has no per-app values"};
    if (!dist["by_app"].contains(*e.app))
      return {std::nullopt, "", "app " + *e.app + " was never deployed at any site"};
    return {dist["by_app"][*e.app].get<double>(), "", ""};
  }
  if (e.site) {
    if (!by_site.contains(*e.site)) return {std::nullopt, "", "no sample for site " + *e.site};
    return {by_site[*e.site].get<double>(), *e.site, ""};
  }
  if (dist["max"].is_null()) return {std::nullopt, "", "no sample in this run"};
  std::string worst;
  double worst_value = -1;
  for (const auto& [site, v] : by_site.items())
    if (v.get<double>() > worst_value) worst_value = v.get<double>(), worst = site;
  return {dist["max"].get<double>(), worst, ""};
}

Reading read(const Json& metrics, const model::Expectation& e) {
  if (!metrics.contains(e.metric))
    return {std::nullopt, "", "metric '" + e.metric + "' is not measured by this build"};
  const Json& m = metrics[e.metric];
  // A fleet-wide number may have a per-site companion "<metric>_by_site" (sites with no entry
  // count as zero).
  if (m.is_number() && e.site) {
    const auto by_site = metrics.find(e.metric + "_by_site");
    if (by_site != metrics.end())
      return {by_site->value(*e.site, 0.0), *e.site, ""};
  }
  if (m.is_number()) return {m.get<double>(), "", ""};
  if (m.is_array()) return read_series(m, e);
  if (m.is_object() && m.contains("by_site")) return read_distribution(m, e);
  return {std::nullopt, "", "metric '" + e.metric + "' has no comparable value"};
}

}  // namespace

Json check(const model::Expectation& e, const Json& metrics) {
  const Reading r = read(metrics, e);
  Json out;
  out["expect"] = e.raw;
  out["actual"] = r.value ? Json(*r.value) : Json(nullptr);
  bool passed = r.value.has_value();
  if (r.value) {
    if (e.min && *r.value < *e.min) passed = false;
    if (e.max && *r.value > *e.max) passed = false;
    if (e.equals && std::fabs(*r.value - *e.equals) > 1e-9) passed = false;
  }
  out["passed"] = passed;
  if (!r.worst_site.empty()) out["worst_site"] = r.worst_site;
  if (!r.why.empty()) out["why"] = r.why;
  return out;
}

std::vector<Json> check_all(const std::vector<model::Expectation>& expect, const Json& metrics) {
  std::vector<Json> out;
  for (const auto& e : expect) out.push_back(check(e, metrics));
  return out;
}

}  // namespace edgetwin::sim
