#include "edgetwin/reports/json_report.hpp"

#include <cmath>

namespace edgetwin::reports {
namespace {

using Json = nlohmann::ordered_json;

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(); }

Json resources(const Resources& r) {
  return {{"cpus", number(r.cpus)}, {"memory_gib", number(r.memory_gib)}, {"gpus", number(r.gpus)}};
}

// Use over the day (docs/reports.md): per box the hourly use against requests and limits, per
// site whether its peak use fits N-1.
Json day_json(const CapacityDay& day) {
  auto hours = [](const DayResources& use) {
    Json cpu = Json::array(), memory = Json::array();
    for (const auto& u : use) {
      cpu.push_back(number(u.cpus));
      memory.push_back(number(u.memory_gib));
    }
    return Json{{"cpus", cpu}, {"memory_gib", memory}};
  };
  Json boxes = Json::array();
  for (const auto& b : day.boxes)
    boxes.push_back({{"site", b.site}, {"box", b.box}, {"peak_hour", b.peak_hour},
                     {"peak_use", resources(b.peak_use())}, {"requests", resources(b.requests)},
                     {"limits", resources(b.limits)}, {"capacity", resources(b.capacity)},
                     {"use_by_hour", hours(b.use)}});
  Json sites = Json::array();
  for (const auto& s : day.sites)
    sites.push_back({{"site", s.site}, {"peak_hour", s.peak_hour},
                     {"peak_fits_n1", s.peak_fits_n1()}, {"requests_fit_n1", s.requests_fit_n1},
                     {"peak_want", resources(s.peak_want())},
                     {"n1_capacity", resources(s.n1_capacity)},
                     {"peak_shortfall", resources(s.peak_shortfall)}});
  return {{"fleet_peak_hour", day.fleet_peak_hour},
          {"fleet_use_by_hour", hours(day.fleet_use)},
          {"n1_peak_risk_sites", day.peak_risk_sites()},
          {"n1_peak_risk_sites_requests_fit", day.peak_risk_sites_requests_fit()},
          {"boxes", boxes},
          {"sites", sites}};
}

Json capacity_json(const FleetSection& fleet) {
  const CapacityReport& c = fleet.capacity;
  Json boxes = Json::array();
  for (const auto& b : c.boxes)
    boxes.push_back({{"site", b.site}, {"box", b.box}, {"hardware", b.hardware},
                     {"replicas", b.replicas}, {"capacity", resources(b.capacity)},
                     {"requests", resources(b.requests)}, {"limits", resources(b.limits)},
                     {"overcommit_ratio", resources(b.overcommit())}});
  Json sites = Json::array();
  for (const auto& s : c.sites)
    sites.push_back({{"site", s.site}, {"boxes", s.boxes}, {"n1_ok", s.ok()},
                     {"box_assumed_down", s.largest_box}, {"capacity", resources(s.capacity)},
                     {"requests", resources(s.requests)}, {"limits", resources(s.limits)},
                     {"remaining", resources(s.remaining)}, {"shortfall", resources(s.shortfall)},
                     {"unplaced_replicas", s.unplaced_replicas}});
  return {{"fleet", c.fleet_name}, {"source", fleet.source},
          {"n1_ok_sites", c.n1_ok_sites()}, {"n1_risk_sites", c.n1_risk_sites()},
          {"totals", {{"capacity", resources(c.capacity)}, {"requests", resources(c.requests)},
                      {"limits", resources(c.limits)},
                      {"overcommit_ratio", resources(ratio(c.limits, c.capacity))}}},
          {"boxes", boxes}, {"sites", sites}, {"day", day_json(fleet.day)}};
}

Json ha_json(const HaSummary& ha) {
  Json out = Json::object();
  for (const auto& d : ha.distributions)
    out[d.metric] = {{"count", d.count}, {"p50", d.p50}, {"p99", d.p99}, {"max", d.max},
                     {"by_site", d.by_site}};
  out["unavailable_s_by_app"] = ha.unavailable_by_app;
  out["dual_master_s"] = ha.dual_master_s;
  out["dual_master_s_by_site"] = ha.dual_master_by_site;
  for (const auto& c : ha.counters) out[c.metric] = c.value;
  return out;
}

Json run_json(const Report& report, std::size_t i) {
  const Json& r = report.runs[i].result;
  return {{"result", report.runs[i].path},
          {"scenario", r["scenario"]},
          {"scenario_file", r.value("scenario_file", "")},
          {"seed", r.value("seed", Json())},
          {"edgetwin_version", r.value("edgetwin_version", "")},
          {"fleet", report.sections[i].fleet},
          {"passed", r["passed"]},
          {"ha", ha_json(report.sections[i].ha)},
          {"assertions", r["assertions"]}};
}

}  // namespace

Json json_report(const Report& report) {
  const ReportSummary& s = report.summary;
  Json out;
  out["format"] = kReportFormat;
  out["summary"] = {{"runs", s.runs}, {"runs_passed", s.runs_passed},
                    {"assertions_passed", s.assertions_passed},
                    {"assertions_failed", s.assertions_failed}, {"n1_ok_sites", s.n1_ok_sites},
                    {"n1_risk_sites", s.n1_risk_sites},
                    {"n1_peak_risk_sites", s.n1_peak_risk_sites}, {"dual_master_s", s.dual_master_s},
                    {"lost_writes", s.lost_writes}};
  out["fleets"] = Json::array();
  for (const auto& fleet : report.fleets) out["fleets"].push_back(capacity_json(fleet));
  out["runs"] = Json::array();
  for (std::size_t i = 0; i < report.runs.size(); ++i) out["runs"].push_back(run_json(report, i));
  return out;
}

}  // namespace edgetwin::reports
