#include "edgetwin/reports/report.hpp"

namespace edgetwin::reports {
namespace {

std::string run_label(const nlohmann::ordered_json& result) {
  std::string label = result["scenario"].get<std::string>();
  if (result.contains("seed")) label += " seed " + result["seed"].dump();
  return label;
}

// Runs on the same fleet (same source and name) share one capacity section.
std::size_t fleet_index(std::vector<FleetSection>& fleets, const RunInput& run) {
  for (std::size_t i = 0; i < fleets.size(); ++i)
    if (fleets[i].source == run.fleet_source && fleets[i].capacity.fleet_name == run.fleet.name)
      return i;
  CapacityReport capacity = compute_capacity(run.fleet);
  CapacityDay day = compute_capacity_day(run.fleet, capacity);
  fleets.push_back({run.fleet_source, std::move(capacity), std::move(day)});
  return fleets.size() - 1;
}

ReportSummary summarize(const Report& report) {
  ReportSummary s;
  s.runs = static_cast<int>(report.runs.size());
  for (const auto& run : report.runs) {
    if (run.result["passed"].get<bool>()) ++s.runs_passed;
    for (const auto& a : run.result["assertions"])
      ++(a["passed"].get<bool>() ? s.assertions_passed : s.assertions_failed);
  }
  for (const auto& fleet : report.fleets) {
    s.n1_ok_sites += fleet.capacity.n1_ok_sites();
    s.n1_risk_sites += fleet.capacity.n1_risk_sites();
    s.n1_peak_risk_sites += fleet.day.peak_risk_sites();
  }
  for (const auto& section : report.sections) {
    s.dual_master_s += section.ha.dual_master_s;
    if (const Counter* lost = section.ha.counter("lost_writes")) s.lost_writes += lost->value;
  }
  return s;
}

}  // namespace

Report build_report(std::vector<RunInput> runs) {
  Report report;
  report.runs = std::move(runs);
  for (const auto& run : report.runs)
    report.sections.push_back({run_label(run.result), fleet_index(report.fleets, run),
                               read_ha(run.result["metrics"]),
                               read_rollout(run.result["metrics"], run.fleet)});
  report.summary = summarize(report);
  return report;
}

}  // namespace edgetwin::reports
