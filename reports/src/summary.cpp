#include "edgetwin/reports/summary.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>
#include <sstream>

namespace edgetwin::reports {
namespace {

using Json = nlohmann::ordered_json;

std::string number(const Json& v) {
  if (v.is_null()) return "-";
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v.get<double>());
  return buf;
}

// One line per metric: distributions as count/p50/p99/max, series by their last value.
std::string metric_line(const std::string& name, const Json& m) {
  std::ostringstream out;
  out << "  " << name << ": ";
  if (m.is_object() && m.contains("count")) {
    out << "count " << number(m["count"]) << ", p50 " << number(m["p50"]) << ", p99 "
        << number(m["p99"]) << ", max " << number(m["max"]);
  } else if (m.is_object()) {  // per-site values: the worst few
    std::vector<std::pair<double, std::string>> worst;
    for (const auto& [site, v] : m.items())
      if (v.is_number()) worst.emplace_back(v.get<double>(), site);
    std::sort(worst.rbegin(), worst.rend());
    if (worst.empty()) out << "none";
    for (std::size_t i = 0; i < worst.size() && i < 5; ++i)
      out << (i ? ", " : "") << worst[i].second << " " << number(worst[i].first);
    if (worst.size() > 5) out << ", ... (" << worst.size() << " sites)";
  } else if (m.is_array() && m.empty()) {  // an empty table or list
    out << "none";
  } else if (m.is_array() && !m.back().is_array()) {  // a table (rollout waves), a list
    out << m.size() << " rows";
  } else if (m.is_array()) {
    out << number(m.back()[1]) << " at t=" << number(m.back()[0]) << " s (" << m.size()
        << " changes)";
  } else {
    out << number(m);
  }
  return out.str() + "\n";
}

std::string bounds(const Json& expect) {
  std::string out;
  for (const char* key : {"min", "max", "equals"})
    if (expect.contains(key)) out += std::string(" ") + key + " " + number(expect[key]);
  if (expect.contains("site")) out += " site " + expect["site"].get<std::string>();
  if (expect.contains("app")) out += " app " + expect["app"].get<std::string>();
  if (expect.contains("at_s")) out += " at " + number(expect["at_s"]) + " s";
  return out;
}

}  // namespace

std::string format_run_summary(const Json& result) {
  std::ostringstream out;
  out << "scenario " << result.value("scenario", "?") << ", seed " << number(result["seed"])
      << ": " << number(result["sim_time_s"]) << " s simulated in " << number(result["wall_s"])
      << " s\n";
  for (const auto& [name, m] : result["metrics"].items()) out << metric_line(name, m);
  for (const auto& a : result["assertions"]) {
    out << (a["passed"].get<bool>() ? "  PASS " : "  FAIL ") << a["expect"]["metric"].get<std::string>()
        << bounds(a["expect"]) << ": actual " << number(a["actual"]);
    if (a.contains("worst_site")) out << " (worst site " << a["worst_site"].get<std::string>() << ")";
    if (a.contains("why")) out << " (" << a["why"].get<std::string>() << ")";
    out << "\n";
  }
  out << (result["passed"].get<bool>() ? "PASSED" : "FAILED") << "\n";
  return out.str();
}

}  // namespace edgetwin::reports
