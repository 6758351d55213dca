#pragma once
// A campaign's numbers per point, read from its database: the distribution of the key metrics
// over seeds, the pass rate of each assertion, the failing seeds.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/campaign/campaign_db.hpp"

namespace edgetwin::campaign {

// The metrics a planner compares plans by (issue 18); N-1 risk comes from the point's fleet.
const std::vector<std::string>& key_metrics();

// Nearest-rank percentiles over the seeds that produced the metric.
struct Distribution {
  std::size_t count = 0;
  double p50 = 0, p95 = 0, p99 = 0, max = 0;
};
Distribution distribution(std::vector<double> values);

struct AssertionRate {
  int index = 0;
  std::string expect;  // the `expect` entry as JSON text
  int runs = 0;
  int passed = 0;
};

struct PointSummary {
  PointRow point;
  int runs = 0;                                 // recorded runs
  int passed = 0;                               // every assertion held
  int failed = 0;                               // an assertion failed
  int crashed = 0;                              // no result: crashed, cancelled, timed out
  std::map<std::string, Distribution> metrics;  // key metrics that have values
  std::vector<AssertionRate> assertions;
  std::vector<std::uint64_t> failing_seeds;  // failed or without a result, ascending
  std::map<std::uint64_t, std::string> failing_status;
};

struct CampaignSummary {
  std::string dir;
  std::string scenario;
  std::vector<std::string> param_paths;  // the --set paths, in option order
  std::vector<PointSummary> points;
};

CampaignSummary summarize(const CampaignDb& db, const std::string& dir);

// "edgetwin run DIR/points/p001.scenario.json --seed 7"
std::string replay_command(const PointSummary& point, std::uint64_t seed);

}  // namespace edgetwin::campaign
