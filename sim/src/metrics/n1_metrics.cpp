#include "edgetwin/sim/metrics/n1_metrics.hpp"

#include "edgetwin/reports/capacity.hpp"

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
}

}  // namespace edgetwin::sim
