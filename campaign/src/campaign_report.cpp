#include "edgetwin/campaign/campaign_report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "edgetwin/campaign/line_chart.hpp"

namespace edgetwin::campaign {
namespace {

constexpr std::size_t kSeedsShownMax = 20;  // per point in HTML; JSON lists them all

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string value_text(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string params_text(const PointRow& p, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < p.params.size(); ++i)
    out += (out.empty() ? "" : ", ") + p.params[i].first + "=" + value_text(p.params[i].second);
  return out;
}

double pass_rate(const AssertionRate& a) {
  return a.runs == 0 ? 0 : static_cast<double>(a.passed) / static_cast<double>(a.runs);
}

Json point_json(const PointSummary& p) {
  Json params = Json::object();
  for (const auto& [path, value] : p.point.params) params[path] = value;
  Json metrics = Json::object();
  for (const auto& [name, d] : p.metrics)
    metrics[name] = {
        {"count", d.count}, {"p50", d.p50}, {"p95", d.p95}, {"p99", d.p99}, {"max", d.max}};
  Json assertions = Json::array();
  for (const auto& a : p.assertions)
    assertions.push_back({{"index", a.index},
                          {"expect", Json::parse(a.expect, nullptr, false)},
                          {"runs", a.runs},
                          {"passed", a.passed},
                          {"pass_rate", pass_rate(a)}});
  Json failing = Json::array();
  for (const auto seed : p.failing_seeds)
    failing.push_back({{"seed", seed},
                       {"status", p.failing_status.at(seed)},
                       {"replay", replay_command(p, seed)}});
  return {{"point", p.point.name},
          {"scenario_file", p.point.scenario_file},
          {"params", params},
          {"runs", p.runs},
          {"passed", p.passed},
          {"failed", p.failed},
          {"crashed", p.crashed},
          {"n1_risk_sites", p.point.n1_risk_sites ? Json(*p.point.n1_risk_sites) : Json()},
          {"metrics", metrics},
          {"assertions", assertions},
          {"failing_seeds", failing}};
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

Json campaign_json(const CampaignSummary& s) {
  Json points = Json::array();
  for (const auto& p : s.points) points.push_back(point_json(p));
  return {{"format", "edgetwin.campaign-report/v1"},
          {"scenario", s.scenario},
          {"parameters", s.param_paths},
          {"key_metrics", key_metrics()},
          {"points", points}};
}

std::string comparison_csv(const CampaignSummary& s) {
  std::string out = "point";
  for (const auto& path : s.param_paths) out += "," + csv_field(path);
  out += ",runs,passed,failed,crashed,n1_risk_sites";
  for (const auto& m : key_metrics())
    for (const char* q : {"p50", "p95", "p99", "max"}) out += "," + m + "_" + q;
  out += "\n";
  for (const auto& p : s.points) {
    out += p.point.name;
    for (const auto& [path, value] : p.point.params) out += "," + csv_field(value_text(value));
    out += "," + std::to_string(p.runs) + "," + std::to_string(p.passed) + "," +
           std::to_string(p.failed) + "," + std::to_string(p.crashed) + "," +
           (p.point.n1_risk_sites ? std::to_string(*p.point.n1_risk_sites) : "");
    for (const auto& m : key_metrics()) {
      const auto it = p.metrics.find(m);
      for (const auto q :
           {&Distribution::p50, &Distribution::p95, &Distribution::p99, &Distribution::max})
        out += "," + (it == p.metrics.end() ? std::string() : num(it->second.*q));
    }
    out += "\n";
  }
  return out;
}

std::string comparison_charts(const CampaignSummary& s) {
  std::vector<std::string> x_labels;
  std::vector<std::string> series_labels;
  std::vector<std::pair<std::size_t, std::size_t>> at;  // per point: (series, x)
  for (const auto& p : s.points) {
    const std::string x =
        p.point.params.empty() ? "all seeds" : value_text(p.point.params[0].second);
    const std::string series = p.point.params.size() <= 1 ? "p95" : params_text(p.point, 1);
    auto xi = std::find(x_labels.begin(), x_labels.end(), x);
    if (xi == x_labels.end()) xi = x_labels.insert(x_labels.end(), x);
    auto si = std::find(series_labels.begin(), series_labels.end(), series);
    if (si == series_labels.end()) si = series_labels.insert(series_labels.end(), series);
    at.emplace_back(si - series_labels.begin(), xi - x_labels.begin());
  }
  const std::string x_title = s.param_paths.empty() ? "" : s.param_paths[0];
  std::string out;
  for (const auto& metric : key_metrics()) {
    std::vector<Series> series;
    for (const auto& label : series_labels)
      series.push_back({label, std::vector<std::optional<double>>(x_labels.size())});
    bool any = false;
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      const auto it = s.points[i].metrics.find(metric);
      if (it == s.points[i].metrics.end()) continue;
      series[at[i].first].y[at[i].second] = it->second.p95;
      any = true;
    }
    if (any)
      out += line_chart(metric, metric + " p95 over seeds", x_labels, x_title, series, metric);
  }
  return out;
}

namespace {

std::string comparison_table(const CampaignSummary& s) {
  std::string h = "<table class=\"comparison\"><tr><th>point</th>";
  for (const auto& path : s.param_paths) h += "<th>" + escape(path) + "</th>";
  h += "<th>runs</th><th>passed</th><th>failed</th><th>no result</th><th>N-1 risk sites</th>";
  for (const auto& m : key_metrics()) h += "<th>" + m + "<br>p50 / p95 / p99 / max</th>";
  h += "</tr>\n";
  for (const auto& p : s.points) {
    h += "<tr><td>" + p.point.name + "</td>";
    for (const auto& [path, value] : p.point.params)
      h += "<td>" + escape(value_text(value)) + "</td>";
    h += "<td>" + std::to_string(p.runs) + "</td><td>" + std::to_string(p.passed) + "</td><td>" +
         std::to_string(p.failed) + "</td><td>" + std::to_string(p.crashed) + "</td><td>" +
         (p.point.n1_risk_sites ? std::to_string(*p.point.n1_risk_sites) : "") + "</td>";
    for (const auto& m : key_metrics()) {
      const auto it = p.metrics.find(m);
      h += "<td>" +
           (it == p.metrics.end() ? std::string("&ndash;")
                                  : num(it->second.p50) + " / " + num(it->second.p95) + " / " +
                                        num(it->second.p99) + " / " + num(it->second.max)) +
           "</td>";
    }
    h += "</tr>\n";
  }
  return h + "</table>\n";
}

std::string point_section(const PointSummary& p) {
  std::string h = "<section class=\"point\" id=\"" + p.point.name + "\"><h3>" + p.point.name +
                  (p.point.params.empty() ? "" : ": " + escape(params_text(p.point))) + "</h3>\n";
  h += "<table class=\"assertions\"><tr><th>#</th><th>expect</th><th>passed</th><th>pass "
       "rate</th></tr>\n";
  for (const auto& a : p.assertions)
    h += "<tr><td>" + std::to_string(a.index) + "</td><td><code>" + escape(a.expect) +
         "</code></td><td>" + std::to_string(a.passed) + "/" + std::to_string(a.runs) +
         "</td><td>" + num(100 * pass_rate(a)) + "%</td></tr>\n";
  h += "</table>\n";
  if (p.failing_seeds.empty()) return h + "<p>No failing seed.</p></section>\n";
  h += "<p>Failing seeds (" + std::to_string(p.failing_seeds.size()) +
       "):</p><ul class=\"failing\">\n";
  for (std::size_t i = 0; i < p.failing_seeds.size() && i < kSeedsShownMax; ++i) {
    const auto seed = p.failing_seeds[i];
    h += "<li>seed " + std::to_string(seed) + " (" + escape(p.failing_status.at(seed)) +
         "): <code>" + escape(replay_command(p, seed)) + "</code></li>\n";
  }
  if (p.failing_seeds.size() > kSeedsShownMax) h += "<li>... (all in the JSON report)</li>\n";
  return h + "</ul></section>\n";
}

}  // namespace

std::string campaign_html(const CampaignSummary& s) {
  std::string h =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>edgetwin campaign " +
      escape(s.scenario) +
      "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
      "margin:1em 0}td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px}"
      "svg{margin:0.5em}</style></head><body>\n";
  h += "<h1>Campaign: " + escape(s.scenario) + "</h1>\n<p>" + std::to_string(s.points.size()) +
       " point(s) in " + escape(s.dir) + "</p>\n<h2>Comparison</h2>\n" + comparison_table(s);
  h += "<h2>Plans side by side</h2>\n<div class=\"charts\">\n" + comparison_charts(s) + "</div>\n";
  h += "<h2>Points</h2>\n";
  for (const auto& p : s.points) h += point_section(p);
  return h + "</body></html>\n";
}

}  // namespace edgetwin::campaign
