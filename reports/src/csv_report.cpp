#include "edgetwin/reports/csv_report.hpp"

#include "text_format.hpp"

namespace edgetwin::reports {
namespace {

using Json = nlohmann::ordered_json;

// Enough digits for a spreadsheet to recompute the HTML's rounded values.
std::string num(double v) { return format_number(v, 6); }

std::string text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return num(v.get<double>());
  return v.is_null() ? "" : v.dump();
}

std::vector<std::string> resources(const Resources& r) {
  return {num(r.cpus), num(r.memory_gib), num(r.gpus)};
}

void append(std::vector<std::string>& row, const std::vector<std::string>& more) {
  row.insert(row.end(), more.begin(), more.end());
}

std::string rollout_waves_csv(const Report& report) {
  std::string out = csv_line({"run", "wave", "start_s", "end_s", "ready_sites", "failed_sites"});
  auto t = [](const std::optional<double>& v) { return v ? num(*v) : std::string(); };
  for (const auto& section : report.sections)
    if (section.rollout)
      for (const auto& w : section.rollout->waves)
        out += csv_line({section.label, std::to_string(w.wave), t(w.start_s), t(w.end_s),
                         std::to_string(w.ready_sites), std::to_string(w.failed_sites)});
  return out;
}

std::string rollout_sites_csv(const Report& report) {
  std::string out = csv_line({"run", "site", "order_to_ready_s", "wan_mbps", "wan_latency_ms"});
  for (const auto& section : report.sections)
    if (section.rollout)
      for (const auto& s : section.rollout->sites)
        out += csv_line({section.label, s.site, num(s.ready_s), num(s.wan_mbps), num(s.wan_latency_ms)});
  return out;
}

std::string boxes_csv(const Report& report) {
  std::string out = csv_line({"fleet", "site", "box", "hardware", "replicas", "cpus", "memory_gib",
                              "gpus", "cpu_requests", "memory_requests_gib", "gpu_requests",
                              "cpu_limits", "memory_limits_gib", "gpu_limits", "overcommit_cpu",
                              "overcommit_memory", "overcommit_gpu"});
  for (const auto& fleet : report.fleets)
    for (const auto& b : fleet.capacity.boxes) {
      std::vector<std::string> row{fleet.capacity.fleet_name, b.site, b.box, b.hardware,
                                   std::to_string(b.replicas)};
      for (const auto* r : {&b.capacity, &b.requests, &b.limits}) append(row, resources(*r));
      append(row, resources(b.overcommit()));
      out += csv_line(row);
    }
  return out;
}

std::string n1_csv(const Report& report) {
  std::string out = csv_line({"fleet", "site", "boxes", "n1_ok", "box_assumed_down", "cpus",
                              "memory_gib", "gpus", "cpu_requests", "memory_requests_gib",
                              "gpu_requests", "remaining_cpus", "remaining_memory_gib",
                              "remaining_gpus", "short_cpus", "short_memory_gib", "short_gpus"});
  for (const auto& fleet : report.fleets)
    for (const auto& s : fleet.capacity.sites) {
      std::vector<std::string> row{fleet.capacity.fleet_name, s.site, std::to_string(s.boxes),
                                   s.ok() ? "true" : "false", s.largest_box};
      for (const auto* r : {&s.capacity, &s.requests, &s.remaining, &s.shortfall})
        append(row, resources(*r));
      out += csv_line(row);
    }
  return out;
}

// One row per box and hour, the box's peak hour first (then the day in order).
std::string box_day_csv(const Report& report) {
  std::string out = csv_line({"fleet", "site", "box", "hour", "peak", "cpu_use", "memory_use_gib",
                              "cpu_requests", "memory_requests_gib", "cpu_limits",
                              "memory_limits_gib", "cpus", "memory_gib"});
  for (const auto& fleet : report.fleets)
    for (const auto& b : fleet.day.boxes)
      for (int i = 0; i < model::kHoursPerDay; ++i) {
        const int hour = i == 0 ? b.peak_hour : (i <= b.peak_hour ? i - 1 : i);
        const Resources& u = b.use[static_cast<std::size_t>(hour)];
        out += csv_line({fleet.capacity.fleet_name, b.site, b.box, std::to_string(hour),
                         hour == b.peak_hour ? "true" : "false", num(u.cpus), num(u.memory_gib),
                         num(b.requests.cpus), num(b.requests.memory_gib), num(b.limits.cpus),
                         num(b.limits.memory_gib), num(b.capacity.cpus),
                         num(b.capacity.memory_gib)});
      }
  return out;
}

std::string site_peak_csv(const Report& report) {
  std::string out = csv_line({"fleet", "site", "peak_hour", "peak_fits_n1", "requests_fit_n1",
                              "peak_cpu_want", "peak_memory_want_gib", "n1_cpus",
                              "n1_memory_gib", "short_cpus", "short_memory_gib"});
  for (const auto& fleet : report.fleets)
    for (const auto& s : fleet.day.sites) {
      const Resources peak = s.peak_want();
      out += csv_line({fleet.capacity.fleet_name, s.site, std::to_string(s.peak_hour),
                       s.peak_fits_n1() ? "true" : "false", s.requests_fit_n1 ? "true" : "false",
                       num(peak.cpus), num(peak.memory_gib), num(s.n1_capacity.cpus),
                       num(s.n1_capacity.memory_gib), num(s.peak_shortfall.cpus),
                       num(s.peak_shortfall.memory_gib)});
    }
  return out;
}

std::string ha_csv(const Report& report) {
  std::vector<std::string> header{"run", "site"};
  append(header, ha_distribution_metrics());
  header.push_back("dual_master_s");
  std::string out = csv_line(header);
  for (const auto& section : report.sections)
    for (const auto& site : section.ha.sites()) {
      std::vector<std::string> row{section.label, site};
      for (const auto& metric : ha_distribution_metrics()) {
        const Distribution* d = section.ha.find(metric);
        const bool has = d != nullptr && d->by_site.count(site) > 0;
        row.push_back(has ? num(d->by_site.at(site)) : "");
      }
      const auto dual = section.ha.dual_master_by_site.find(site);
      row.push_back(num(dual == section.ha.dual_master_by_site.end() ? 0 : dual->second));
      out += csv_line(row);
    }
  return out;
}

std::string assertions_csv(const Report& report) {
  std::string out = csv_line({"run", "passed", "metric", "site", "app", "at_s", "min", "max",
                              "equals", "actual", "worst_site", "why"});
  for (std::size_t i = 0; i < report.runs.size(); ++i)
    for (const auto& a : report.runs[i].result["assertions"]) {
      const Json& e = a["expect"];
      std::vector<std::string> row{report.sections[i].label, a["passed"].get<bool>() ? "true" : "false"};
      for (const char* key : {"metric", "site", "app", "at_s", "min", "max", "equals"})
        row.push_back(text(e.value(key, Json())));
      for (const char* key : {"actual", "worst_site", "why"}) row.push_back(text(a.value(key, Json())));
      out += csv_line(row);
    }
  return out;
}

}  // namespace

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
  return out + "\r\n";
}

std::vector<CsvTable> csv_tables(const Report& report) {
  return {{"capacity_boxes.csv", boxes_csv(report)},
          {"n1_sites.csv", n1_csv(report)},
          {"ha_by_site.csv", ha_csv(report)},
          {"assertions.csv", assertions_csv(report)},
          {"rollout_waves.csv", rollout_waves_csv(report)},
          {"rollout_sites.csv", rollout_sites_csv(report)},
          {"capacity_box_day.csv", box_day_csv(report)},
          {"n1_peak_sites.csv", site_peak_csv(report)}};
}

}  // namespace edgetwin::reports
