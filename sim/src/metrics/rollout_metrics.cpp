#include "edgetwin/sim/metrics/rollout_metrics.hpp"

#include <cmath>
#include <map>
#include <optional>
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

// One rollout of the run (a scenario's `rollout`, or each of its `rollouts`, by id).
struct Rollout {
  std::optional<double> start_s;
  std::optional<double> done_s;  // its last `rollout.done` that was not an abort
  bool aborted = false;
  std::map<int, Wave> waves;
  // Each site's last verdict and its wave: a retried site counts by how it ended.
  std::map<std::string, std::pair<std::string, int>> verdicts;
};

Json wave_timeline(const std::map<int, Rollout>& rollouts) {
  Json timeline = Json::array();
  for (const auto& [id, r] : rollouts) {
    std::map<int, Wave> waves = r.waves;
    for (const auto& [site, verdict] : r.verdicts)
      ++(verdict.first == "ready" ? waves[verdict.second].ready : waves[verdict.second].failed);
    for (const auto& [index, w] : waves) {
      Json entry;
      // Named only when there are several: a single rollout's timeline stays as it was.
      if (rollouts.size() > 1) entry["rollout"] = id;
      entry["wave"] = index;
      entry["start_s"] = w.start_s < 0 ? Json(nullptr) : Json(rounded(w.start_s));
      entry["end_s"] = w.end_s < 0 ? Json(nullptr) : Json(rounded(w.end_s));
      entry["ready_sites"] = w.ready;
      entry["failed_sites"] = w.failed;
      timeline.push_back(std::move(entry));
    }
  }
  return timeline;
}

int failed_sites(const Rollout& r) {
  int n = 0;
  for (const auto& [site, verdict] : r.verdicts) n += verdict.first == "failed" ? 1 : 0;
  return n;
}

}  // namespace

void add_rollout_metrics(const RunFacts& f, Json& m) {
  std::map<int, Rollout> rollouts;
  int last_started = 0;
  bool paused = false;
  std::vector<std::pair<std::string, double>> ready_s;
  // The soak (docs/rollout.md, "Bad versions"): sites switched, rolled back, and how long each
  // roll-back took; sites where a container of a bad version ever started.
  int switched = 0;
  std::vector<std::pair<std::string, double>> rollback_s;
  std::set<std::string> flawed_sites;
  for (const auto& e : f.events) {
    if (e.kind == "app.flawed_start") flawed_sites.insert(e.line.value("site", ""));
    if (!e.kind.starts_with("rollout.")) continue;
    const int id = e.line.value("rollout", 1);
    Rollout& r = rollouts[id];
    if (e.kind == "rollout.start") r.start_s = e.t, last_started = id;
    if (e.kind == "rollout.done") {
      r.aborted = e.line.value("aborted", false);
      if (!r.aborted) r.done_s = e.t;
    }
    if (e.kind == "rollout.paused") paused = true;
    if (e.kind == "rollout.wave") {
      Wave& w = r.waves[e.line.value("wave", 0)];
      (e.line.value("state", "") == "start" ? w.start_s : w.end_s) = e.t;
    }
    if (e.kind != "rollout.site") continue;
    const std::string state = e.line.value("state", "");
    const std::string site = e.line.value("site", "");
    if (state == "ready" || state == "failed") r.verdicts[site] = {state, e.line.value("wave", 0)};
    if (state == "ready") ready_s.emplace_back(site, e.line.value("elapsed_s", 0.0));
    if (state == "switched") ++switched;
    if (state == "rolled_back") rollback_s.emplace_back(site, e.line.value("rollback_s", 0.0));
  }
  std::erase_if(rollouts, [](const auto& kv) { return !kv.second.start_s; });
  if (rollouts.empty()) return;  // no rollout in this run: its metrics would only be noise
  // The last rollout started: absent (null) while it has not finished, and an `expect` on it
  // then fails.
  const Rollout& last = rollouts.at(last_started);
  m["rollout_total_s"] = last.done_s ? Json(rounded(*last.done_s - *last.start_s)) : Json(nullptr);
  m["rollout_site_ready_s"] = distribution(ready_s);
  int failed = 0, done = 0;
  Json list = Json::array();
  for (const auto& [id, r] : rollouts) {
    failed += failed_sites(r);
    done += r.done_s ? 1 : 0;
    list.push_back({{"rollout", id},
                    {"start_s", rounded(*r.start_s)},
                    {"total_s", r.done_s ? Json(rounded(*r.done_s - *r.start_s)) : Json(nullptr)},
                    {"failed_sites", failed_sites(r)},
                    {"aborted", r.aborted}});
  }
  m["rollout_failed_sites"] = failed;
  m["rollout_paused"] = paused ? 1 : 0;
  m["rollout_waves"] = wave_timeline(rollouts);
  m["image_bytes_pulled"] = f.network.pulled_bytes;
  m["rollouts_done"] = done;
  m["rollouts"] = std::move(list);
  if (switched == 0) return;  // no soak: the apps switch after the rollout's verdict
  m["rollout_switched_sites"] = switched;
  m["rollout_rolled_back_sites"] = static_cast<int>(rollback_s.size());
  m["rollout_rollback_s"] = distribution(rollback_s);
  m["flawed_version_sites"] = static_cast<int>(flawed_sites.size());
}

}  // namespace edgetwin::sim
