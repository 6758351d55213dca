#pragma once
// Plans compared (the studio's Compare view): each plan is one `edgetwin sweep` campaign folder
// (several seeds of one scenario); this reads each back from its database and result files and
// puts the plans side by side. No Qt, no SimGrid: tested on its own, the view only formats.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "edgetwin/campaign/campaign_stats.hpp"

namespace edgetwin::campaign {

// The metrics of the comparison table, in its order: the campaign report's key metrics and the
// bytes carried by WAN links (the cost of a rollout plan on the sites' links).
const std::vector<std::string>& compared_metrics();

// One plan's campaign, read back.
struct PlanRun {
  std::string name;  // "A", "B", ...
  std::string dir;   // the campaign folder
  int runs = 0, passed = 0, failed = 0, without_result = 0;
  std::optional<int> n1_risk_sites;  // from the plan's fleet (the same for every seed)
  // metric -> the run-wide value of each seed that has one, in seed order.
  std::map<std::string, std::vector<double>> per_seed;
  // app -> its worst unavailability (over sites) of each seed that measured it.
  std::map<std::string, std::vector<double>> unavailable_by_app;
  // Every site's worst VIP failover of every seed: the distribution the view overlays.
  std::vector<double> failover_samples;
  // Sites ready over simulated time, (t_s, sites), of the seed whose rollout time is the median
  // (nearest rank; a rollout that never finished counts as the slowest): a real run's curve,
  // not an average no run had. Empty without a rollout.
  std::vector<std::pair<double, double>> rollout_progress;
  std::optional<std::uint64_t> rollout_seed;
};

// Reads DIR/results.sqlite (read only) and the median rollout seed's result file. nullopt and
// `error` when DIR holds no campaign database of this schema version.
std::optional<PlanRun> read_plan_run(const std::string& name, const std::string& dir,
                                     std::string& error);

// The rollout's progress from one run result (`metrics.rollout_waves`): (first wave's start, 0),
// then at each wave's end the sites ready so far; waves that never ended are left out.
std::vector<std::pair<double, double>> rollout_progress(const Json& result);

// One row of the comparison table: a metric (with `app` for unavailability per app) and its
// distribution over seeds in each plan (nullopt: that plan's runs never measured it).
struct CompareRow {
  std::string metric;
  std::string app;  // empty: the run-wide value
  std::vector<std::optional<Distribution>> plans;
};
// Every compared metric some plan measured, then unavailability per app (apps sorted by name).
std::vector<CompareRow> compare_rows(const std::vector<PlanRun>& plans);

// Histograms of several plans' samples over the same bins, so that they can be overlaid:
// `bins` equal bins from the smallest sample to the largest (failovers cluster near the VRRP
// timeout, not at 0).
struct SharedHistogram {
  std::vector<double> edges;             // bins + 1 edges, ascending
  std::vector<std::vector<int>> counts;  // per plan, per bin
};
SharedHistogram shared_histogram(const std::vector<std::vector<double>>& samples, int bins);

}  // namespace edgetwin::campaign
