#include "edgetwin/sim/metrics/activation_metrics.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace edgetwin::sim {

void add_activation_metrics(const RunFacts& f, nlohmann::ordered_json& m) {
  std::map<std::string, double> activated_at;  // box -> first activating -> running
  int rejections = 0;
  for (const auto& e : f.events) {
    if (e.kind == "activation.rejected") ++rejections;
    if (e.kind != "node.status" || e.line["from"] != "activating" || e.line["to"] != "running")
      continue;
    activated_at.try_emplace(e.line["box"].get<std::string>(), e.t);
  }
  if (activated_at.empty()) return;
  std::vector<std::pair<std::string, double>> samples;
  std::size_t boxes = 0;
  for (const auto& site : f.fleet.sites)
    for (const auto& box : site.boxes) {
      ++boxes;
      if (auto it = activated_at.find(box.name); it != activated_at.end())
        samples.emplace_back(site.name, it->second);
    }
  double last = 0;
  for (const auto& [site, t] : samples) last = std::max(last, t);
  m["activation_total_s"] =
      samples.size() == boxes ? nlohmann::ordered_json(round_time(last)) : nullptr;
  m["activation_s"] = distribution(samples);
  m["nodes_activated"] = samples.size();
  m["activation_rejections"] = rejections;
}

}  // namespace edgetwin::sim
