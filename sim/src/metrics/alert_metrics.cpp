#include "edgetwin/sim/metrics/alert_metrics.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace edgetwin::sim {

void add_alert_metrics(const RunFacts& f, nlohmann::ordered_json& m) {
  std::vector<std::pair<std::string, double>> delays;
  std::map<std::string, int> by_rule;
  int unreachable = 0;
  for (const auto& e : f.events) {
    if (e.kind != "alert.raised") continue;
    // The cloud's own figure: it dated the condition from the box's reported age.
    delays.emplace_back(e.line.value("site", ""), e.line.value("delay_s", 0.0));
    ++by_rule[e.line.value("rule", "")];
    if (e.line.value("while_unreachable", false)) ++unreachable;
  }
  m["alert_delay_s"] = distribution(std::move(delays));
  m["alerts_raised"] = m["alert_delay_s"]["count"];
  m["alerts_while_unreachable"] = unreachable;
  nlohmann::ordered_json rules = nlohmann::ordered_json::object();
  for (const auto& [rule, count] : by_rule) rules[rule] = count;
  m["alerts_by_rule"] = std::move(rules);
}

}  // namespace edgetwin::sim
