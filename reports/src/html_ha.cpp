// The HA section: failover, recovery, unavailability and detection per run, with the values
// that must be zero (dual master, lost writes) in red when they are not.
#include <algorithm>

#include "edgetwin/reports/html_report.hpp"
#include "html_sections.hpp"
#include "svg_chart.hpp"
#include "text_format.hpp"

namespace edgetwin::reports {
namespace {

// Per-site charts, in this order, for the metrics that have per-site values.
const std::vector<std::string> kSiteCharts{"vip_failover_s", "app_recovery_s", "peer_detect_s",
                                           "offline_detect_s"};

std::string worst_site(const std::map<std::string, double>& by_site) {
  if (by_site.empty()) return "";
  auto it = std::max_element(by_site.begin(), by_site.end(),
                             [](auto& a, auto& b) { return a.second < b.second; });
  return it->first + " (" + format_number(it->second) + ")";
}

std::string distribution_table(const HaSummary& ha) {
  if (ha.distributions.empty()) return "<p>No failover, recovery or detection was measured.</p>\n";
  std::string out = "<table>\n" +
                    html_row({"metric", "count", "p50 (s)", "p99 (s)", "max (s)", "worst site"}, "th");
  for (const auto& d : ha.distributions)
    out += html_row({d.metric, std::to_string(d.count), format_number(d.p50),
                     format_number(d.p99), format_number(d.max), worst_site(d.by_site)});
  return out + "</table>\n";
}

std::string counter_table(const HaSummary& ha) {
  std::string out = "<table>\n" + html_row({"metric", "value"}, "th");
  std::string dual = must_be_zero(ha.dual_master_s, " s");
  for (const auto& [site, s] : ha.dual_master_by_site)
    if (s > 0) dual += html_escape(" " + site + ": " + format_number(s) + " s");
  out += html_row({"dual_master_s", html_raw(dual)});
  for (const auto& c : ha.counters)
    out += html_row({c.metric, c.must_be_zero ? html_raw(must_be_zero(c.value))
                                              : format_number(c.value)});
  return out + "</table>\n";
}

std::string unavailable_table(const HaSummary& ha) {
  if (ha.unavailable_by_app.empty()) return "";
  std::string out = "<h4>Unavailability per app (worst site)</h4>\n<table>\n" +
                    html_row({"app", "unavailable_s"}, "th");
  for (const auto& [app, s] : ha.unavailable_by_app) out += html_row({app, format_number(s)});
  return out + "</table>\n";
}

std::string site_chart(const Distribution& d, const std::string& name) {
  std::vector<std::pair<std::string, double>> sites(d.by_site.begin(), d.by_site.end());
  std::stable_sort(sites.begin(), sites.end(),
                   [](auto& a, auto& b) { return a.second > b.second; });
  if (sites.size() > kTopRows) sites.resize(kTopRows);
  std::vector<Bar> bars;
  for (const auto& [site, v] : sites) bars.push_back({site, v, false, ""});
  return "<figure>" + bar_chart(name, bars, " s") + "<figcaption>" + html_escape(d.metric) +
         " per site (worst value of each), the " + std::to_string(bars.size()) +
         " highest</figcaption></figure>\n";
}

std::string run_charts(const HaSummary& ha, double end_s, std::size_t run) {
  std::string out;
  for (const auto& metric : kSiteCharts)
    if (const Distribution* d = ha.find(metric); d != nullptr && !d->by_site.empty())
      out += site_chart(*d, metric + "-" + std::to_string(run));
  if (!ha.nodes_running.empty())
    out += "<figure>" + step_chart("nodes_running-" + std::to_string(run), ha.nodes_running, end_s,
                                   "boxes running") +
           "<figcaption>nodes_running: boxes the cloud lists as running</figcaption></figure>\n";
  return out;
}

}  // namespace

std::string ha_section(const Report& report) {
  std::string out = "<section id=\"ha\">\n<h2>High availability</h2>\n";
  for (std::size_t i = 0; i < report.sections.size(); ++i) {
    const auto& section = report.sections[i];
    const double end_s = report.runs[i].result.value("sim_time_s", 0.0);
    out += "<h3>" + html_escape(section.label) + "</h3>\n" + distribution_table(section.ha) +
           counter_table(section.ha) + unavailable_table(section.ha) +
           run_charts(section.ha, end_s, i);
  }
  return out + "</section>\n";
}

}  // namespace edgetwin::reports
