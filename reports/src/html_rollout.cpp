// The rollout section of the HTML report: per run, the totals, the wave timeline and the
// slowest sites with their WAN link; and the activation time of factory-fresh fleets.
#include <cmath>

#include "edgetwin/reports/html_report.hpp"
#include "html_sections.hpp"
#include "svg_chart.hpp"
#include "text_format.hpp"

namespace edgetwin::reports {
namespace {

std::string gib(double bytes) { return format_number(bytes / (1024.0 * 1024 * 1024)) + " GiB"; }

std::string totals(const RolloutSummary& r) {
  std::string out = "<p>";
  if (r.activation_total_s)
    out += "All nodes running after <b>" + format_number(*r.activation_total_s) + " s</b>. ";
  if (r.waves.empty()) return out + "</p>\n";
  out += r.total_s ? "Rollout finished in <b>" + format_number(*r.total_s) + " s</b>"
                   : std::string("<span class=\"bad\">Rollout not finished</span>");
  out += r.paused ? " <span class=\"bad\">(paused)</span>" : "";
  out += "; failed sites: " + must_be_zero(r.failed_sites) + "; images pulled " +
         gib(r.image_bytes) + ", WAN traffic " + gib(r.wan_bytes) + ".</p>\n";
  return out;
}

std::string waves_chart(const RolloutSummary& r) {
  std::vector<Span> spans;
  double end_s = 0;
  for (const auto& w : r.waves) {
    if (!w.start_s) continue;
    const double end = w.end_s.value_or(w.start_s.value());
    end_s = std::max(end_s, end);
    spans.push_back({"wave " + std::to_string(w.wave), *w.start_s, end, w.failed_sites > 0,
                     std::to_string(w.ready_sites) + " ready, " + std::to_string(w.failed_sites) +
                         " failed"});
  }
  return "<figure>" + timeline_chart("rollout-waves", spans, end_s) +
         "<figcaption>Waves over simulated time (red: a wave with failed sites)</figcaption></figure>\n";
}

std::string waves_table(const RolloutSummary& r) {
  std::string out = "<table>\n" + html_row({"wave", "start (s)", "end (s)", "sites ready",
                                            "sites failed"}, "th");
  auto t = [](const std::optional<double>& v) { return v ? format_number(*v) : std::string("-"); };
  for (const auto& w : r.waves)
    out += html_row({std::to_string(w.wave), t(w.start_s), t(w.end_s), std::to_string(w.ready_sites),
                     html_raw(must_be_zero(w.failed_sites))});
  return out + "</table>\n";
}

std::string slowest_table(const RolloutSummary& r) {
  if (r.sites.empty()) return "";
  std::string out = "<h3>Slowest sites</h3>\n<table>\n" +
                    html_row({"site", "order to ready (s)", "WAN (Mbit/s)", "WAN latency (ms)"}, "th");
  for (std::size_t i = 0; i < r.sites.size() && i < kSlowestSites; ++i) {
    const auto& s = r.sites[i];
    out += html_row({s.site, format_number(s.ready_s), format_number(s.wan_mbps),
                     format_number(s.wan_latency_ms)});
  }
  return out + "</table>\n";
}

// Where a factory fleet's first deployment spent its time, per phase over the sites.
std::string first_deployment(const RolloutSummary& r) {
  if (r.phases.empty()) return "";
  std::string out = "<h3>First deployment</h3>\n<p>";
  if (r.fleet_serving_s)
    out += "All " + std::to_string(r.sites_serving) + " sites serving after <b>" +
           format_number(*r.fleet_serving_s) + " s</b> (" +
           format_number(std::round(*r.fleet_serving_s / 864.0) / 100) +
           " days) from the first install.";
  else
    out += "<span class=\"bad\">Not every site serves</span>: " +
           std::to_string(r.sites_serving) + " sites serving at the end of the run.";
  out += "</p>\n<table>\n" + html_row({"phase", "sites", "p50 (s)", "p95 (s)", "max (s)"}, "th");
  auto t = [](const std::optional<double>& v) { return v ? format_number(*v) : std::string("-"); };
  for (const auto& p : r.phases)
    out += html_row({p.label, std::to_string(p.sites), t(p.p50_s), t(p.p95_s), t(p.max_s)});
  return out + "</table>\n";
}

}  // namespace

std::string rollout_section(const Report& report) {
  std::string body;
  for (const auto& section : report.sections) {
    if (!section.rollout) continue;
    const RolloutSummary& r = *section.rollout;
    body += "<h3>" + html_escape(section.label) + "</h3>\n" + totals(r);
    body += first_deployment(r);
    if (!r.waves.empty()) body += waves_chart(r) + waves_table(r) + slowest_table(r);
  }
  if (body.empty()) return "";
  return "<section id=\"rollout\">\n<h2>Rollout and activation</h2>\n" + body + "</section>\n";
}

}  // namespace edgetwin::reports
