#include "edgetwin/sim/metrics/n1_metrics.hpp"

#include "edgetwin/reports/capacity.hpp"
#include "edgetwin/reports/capacity_day.hpp"

namespace edgetwin::sim {

void add_n1_metrics(const RunFacts& f, nlohmann::ordered_json& m) {
  const reports::CapacityReport capacity = reports::compute_capacity(f.fleet);
  nlohmann::ordered_json ok = nlohmann::ordered_json::object();
  nlohmann::ordered_json risk = nlohmann::ordered_json::object();
  for (const auto& site : capacity.sites) (site.ok() ? ok : risk)[site.site] = 1;
  m["n1_ok_sites"] = capacity.n1_ok_sites();
  m["n1_risk_sites"] = capacity.n1_risk_sites();
  m["n1_ok_sites_by_site"] = std::move(ok);
  m["n1_risk_sites_by_site"] = std::move(risk);
  // Peak use over the day against the same N-1 capacity (reports/capacity_day.hpp): a site
  // can hold its requests with a box down and still not its peak.
  const reports::CapacityDay day = reports::compute_capacity_day(f.fleet, capacity);
  nlohmann::ordered_json peak_risk = nlohmann::ordered_json::object();
  for (const auto& site : day.sites)
    if (!site.peak_fits_n1()) peak_risk[site.site] = 1;
  m["n1_peak_risk_sites"] = day.peak_risk_sites();
  m["n1_peak_risk_sites_by_site"] = std::move(peak_risk);
}

}  // namespace edgetwin::sim
