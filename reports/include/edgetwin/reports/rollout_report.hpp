#pragma once
// The rollout figures of one run result: total duration, the wave timeline, WAN bytes, the
// slowest sites with their link (the usual reason), and the activation time when the run
// started from factory state. Absent when the run had neither.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgetwin/model/fleet.hpp"

namespace edgetwin::reports {

struct RolloutWave {
  int wave = 0;
  std::optional<double> start_s;
  std::optional<double> end_s;  // absent: still running at the end of the run
  int ready_sites = 0;
  int failed_sites = 0;
};

struct RolloutSiteTime {
  std::string site;
  double ready_s = 0;  // from its order to ready
  double wan_mbps = 0;
  double wan_latency_ms = 0;
};

// One phase of a factory fleet's first deployment (site_<phase>_s in the result: where the
// sites' time went, docs/rollout.md "First deployment").
struct DeploymentPhase {
  std::string metric;  // e.g. "site_activation_s"
  std::string label;   // e.g. "activation"
  int sites = 0;
  std::optional<double> p50_s, p95_s, max_s;
};

struct RolloutSummary {
  std::optional<double> total_s;  // absent: not finished (paused, or still running)
  int failed_sites = 0;
  bool paused = false;
  double wan_bytes = 0;
  double image_bytes = 0;
  std::vector<RolloutWave> waves;
  std::vector<RolloutSiteTime> sites;  // every ready site, slowest first
  std::optional<double> activation_total_s;
  // A first deployment from the factory: the phases in order, the sites serving, and when the
  // last one served (from the install schedule's start; absent while a site does not serve).
  std::vector<DeploymentPhase> phases;
  int sites_serving = 0;
  std::optional<double> fleet_serving_s;
};

inline constexpr std::size_t kSlowestSites = 10;  // shown in the HTML; the CSV has them all

std::optional<RolloutSummary> read_rollout(const nlohmann::ordered_json& metrics,
                                           const model::Fleet& fleet);

}  // namespace edgetwin::reports
