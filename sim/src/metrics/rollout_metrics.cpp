#include "edgetwin/sim/metrics/rollout_metrics.hpp"

#include <cmath>
#include <map>
#include <set>

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

double rounded(double s) { return std::round(s * 1e6) / 1e6; }

struct Wave {
  double start_s = -1;
  double end_s = -1;
  int ready = 0;
  int failed = 0;
};

}  // namespace

void add_rollout_metrics(const RunFacts& f, Json& m) {
  std::optional<double> start_s, done_s;
  bool paused = false;
  std::map<int, Wave> waves;
  std::vector<std::pair<std::string, double>> ready_s;
  int failed = 0;
  // The soak (docs/rollout.md, "Bad versions"): sites switched, rolled back, and how long each
  // roll-back took; sites where a container of a bad version ever started.
  int switched = 0;
  std::vector<std::pair<std::string, double>> rollback_s;
  std::set<std::string> flawed_sites;
  for (const auto& e : f.events) {
    if (e.kind == "app.flawed_start") flawed_sites.insert(e.line.value("site", ""));
    if (e.kind == "rollout.start") start_s = e.t;
    if (e.kind == "rollout.done" && !e.line.value("aborted", false)) done_s = e.t;
    if (e.kind == "rollout.paused") paused = true;
    if (e.kind == "rollout.wave") {
      Wave& w = waves[e.line.value("wave", 0)];
      (e.line.value("state", "") == "start" ? w.start_s : w.end_s) = e.t;
    }
    if (e.kind != "rollout.site") continue;
    const std::string state = e.line.value("state", "");
    Wave& w = waves[e.line.value("wave", 0)];
    if (state == "ready") {
      ++w.ready;
      ready_s.emplace_back(e.line.value("site", ""), e.line.value("elapsed_s", 0.0));
    }
    if (state == "failed") ++w.failed, ++failed;
    if (state == "switched") ++switched;
    if (state == "rolled_back")
      rollback_s.emplace_back(e.line.value("site", ""), e.line.value("rollback_s", 0.0));
  }
  if (!start_s) return;  // no rollout in this run: its metrics would only be noise
  // Absent (null) while the rollout has not finished: an `expect` on it then fails.
  m["rollout_total_s"] = done_s ? Json(rounded(*done_s - *start_s)) : Json(nullptr);
  m["rollout_site_ready_s"] = distribution(ready_s);
  m["rollout_failed_sites"] = failed;
  m["rollout_paused"] = paused ? 1 : 0;
  Json timeline = Json::array();
  for (const auto& [index, w] : waves)
    timeline.push_back({{"wave", index},
                        {"start_s", w.start_s < 0 ? Json(nullptr) : Json(rounded(w.start_s))},
                        {"end_s", w.end_s < 0 ? Json(nullptr) : Json(rounded(w.end_s))},
                        {"ready_sites", w.ready},
                        {"failed_sites", w.failed}});
  m["rollout_waves"] = timeline;
  m["image_bytes_pulled"] = f.network.pulled_bytes;
  if (switched == 0) return;  // no soak: the apps switch after the rollout's verdict
  m["rollout_switched_sites"] = switched;
  m["rollout_rolled_back_sites"] = static_cast<int>(rollback_s.size());
  m["rollout_rollback_s"] = distribution(rollback_s);
  m["flawed_version_sites"] = static_cast<int>(flawed_sites.size());
}

}  // namespace edgetwin::sim
