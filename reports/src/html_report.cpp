#include "edgetwin/reports/html_report.hpp"

#include <sstream>

#include "html_sections.hpp"
#include "text_format.hpp"

namespace edgetwin::reports {
namespace {

using Json = nlohmann::ordered_json;

// Inline so the page is one file that opens anywhere, offline, and prints.
constexpr const char* kStyle = R"(
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #1565c0; padding-bottom: .2em; }
table { border-collapse: collapse; margin: .5em 0 1em; font-size: .9em; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; }
th { background: #eef3fa; }
.summary { display: flex; flex-wrap: wrap; gap: 1em; }
.summary div { border: 1px solid #ccc; border-radius: 6px; padding: .6em 1em; min-width: 10em; }
.summary .value { font-size: 1.5em; display: block; }
.bad { color: #c62828; } .ok { color: #2e7d32; }
.note { color: #666; font-size: .85em; }
svg text { font-size: 11px; fill: #222; }
figure { margin: 1em 0; } figcaption { font-size: .85em; color: #444; }
)";

std::string text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return format_number(v.get<double>());
  return v.is_null() ? "-" : v.dump();
}

std::string inputs_table(const Report& report) {
  std::string out = "<section id=\"inputs\">\n<h2>Inputs</h2>\n<table>\n" +
                    html_row({"result", "scenario", "seed", "simulated (s)", "edgetwin version",
                              "fleet"}, "th");
  for (std::size_t i = 0; i < report.runs.size(); ++i) {
    const auto& run = report.runs[i];
    const auto& fleet = report.fleets[report.sections[i].fleet];
    out += html_row({run.path, text(run.result["scenario"]) + " (" +
                                   run.result.value("scenario_file", "file unknown") + ")",
                     text(run.result.value("seed", Json())), text(run.result.value("sim_time_s", Json())),
                     run.result.value("edgetwin_version", "unknown"),
                     fleet.capacity.fleet_name + " (" + fleet.source + ")"});
  }
  return out + "</table>\n</section>\n";
}

std::string summary_item(const std::string& label, const std::string& value, bool bad) {
  return "<div><span class=\"value " + std::string(bad ? "bad" : "ok") + "\">" +
         html_escape(value) + "</span>" + html_escape(label) + "</div>\n";
}

std::string summary_box(const ReportSummary& s) {
  return "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"summary\">\n" +
         summary_item("runs passed", std::to_string(s.runs_passed) + " / " + std::to_string(s.runs),
                      s.runs_passed != s.runs) +
         summary_item("assertions passed", std::to_string(s.assertions_passed), false) +
         summary_item("assertions failed", std::to_string(s.assertions_failed),
                      s.assertions_failed > 0) +
         summary_item("sites at N-1 risk", std::to_string(s.n1_risk_sites), s.n1_risk_sites > 0) +
         summary_item("sites whose peak use exceeds N-1", std::to_string(s.n1_peak_risk_sites),
                      s.n1_peak_risk_sites > 0) +
         summary_item("dual-master seconds", format_number(s.dual_master_s), s.dual_master_s > 0) +
         summary_item("lost writes", format_number(s.lost_writes), s.lost_writes > 0) +
         "</div>\n</section>\n";
}

std::string bounds(const Json& expect) {
  std::string out;
  for (const char* key : {"min", "max", "equals"})
    if (expect.contains(key)) out += std::string(out.empty() ? "" : ", ") + key + " " + text(expect[key]);
  if (expect.contains("at_s")) out += " at " + text(expect["at_s"]) + " s";
  return out;
}

std::string assertions_section(const Report& report) {
  std::string out = "<section id=\"assertions\">\n<h2>Assertions</h2>\n<table>\n" +
                    html_row({"run", "result", "metric", "site", "app", "bound", "actual",
                              "worst site", "why"}, "th");
  for (std::size_t i = 0; i < report.runs.size(); ++i)
    for (const auto& a : report.runs[i].result["assertions"]) {
      const Json& e = a["expect"];
      const bool passed = a["passed"].get<bool>();
      out += html_row({report.sections[i].label,
                       html_raw(passed ? "<span class=\"ok\">PASS</span>"
                                       : "<strong class=\"bad\">FAIL</strong>"),
                       text(e["metric"]), text(e.value("site", Json())), text(e.value("app", Json())),
                       bounds(e), text(a.value("actual", Json())), text(a.value("worst_site", Json())),
                       text(a.value("why", Json()))});
    }
  return out + "</table>\n</section>\n";
}

}  // namespace

std::string html_report(const Report& report) {
  std::string title = "edgetwin report";
  if (report.sections.size() == 1) title += ": " + report.sections.front().label;
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
      << html_escape(title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<h1>"
      << html_escape(title) << "</h1>\n"
      << inputs_table(report) << summary_box(report.summary) << capacity_section(report)
      << ha_section(report) << rollout_section(report) << assertions_section(report)
      << "<p class=\"note\">Made by edgetwin report from the run results and fleet files named "
         "above.</p>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace edgetwin::reports
