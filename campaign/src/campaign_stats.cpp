#include "edgetwin/campaign/campaign_stats.hpp"

#include <algorithm>
#include <cmath>

namespace edgetwin::campaign {

const std::vector<std::string>& key_metrics() {
  static const std::vector<std::string> names{"vip_failover_s",  "dual_master_s",
                                              "lost_writes",     "unavailable_s",
                                              "rollout_total_s", "activation_total_s"};
  return names;
}

Distribution distribution(std::vector<double> values) {
  Distribution d;
  d.count = values.size();
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  const auto rank = [&](double p) {
    const auto n = static_cast<double>(values.size());
    const auto k = static_cast<std::size_t>(std::ceil(p * n));
    return values[std::clamp<std::size_t>(k, 1, values.size()) - 1];
  };
  d.p50 = rank(0.50);
  d.p95 = rank(0.95);
  d.p99 = rank(0.99);
  d.max = values.back();
  return d;
}

namespace {

void count_run(PointSummary& p, const StoredRun& r) {
  ++p.runs;
  if (r.status == "passed") {
    ++p.passed;
    return;
  }
  if (r.status == "failed")
    ++p.failed;
  else
    ++p.crashed;
  p.failing_seeds.push_back(r.seed);
  p.failing_status[r.seed] = r.status;
}

void add_assertion(PointSummary& p, const CampaignDb::AssertionRow& a) {
  auto it = std::find_if(p.assertions.begin(), p.assertions.end(),
                         [&](const AssertionRate& r) { return r.index == a.index; });
  if (it == p.assertions.end()) {
    p.assertions.push_back({a.index, a.expect, 0, 0});
    it = std::prev(p.assertions.end());
  }
  ++it->runs;
  if (a.passed) ++it->passed;
}

}  // namespace

CampaignSummary summarize(const CampaignDb& db, const std::string& dir) {
  CampaignSummary out;
  out.dir = dir;
  out.scenario = db.info("scenario").value_or("");
  std::map<int, std::size_t> by_point;
  for (auto& point : db.points()) {
    by_point[point.point] = out.points.size();
    PointSummary summary;
    summary.point = std::move(point);
    out.points.push_back(std::move(summary));
  }
  if (!out.points.empty())
    for (const auto& [path, value] : out.points.front().point.params)
      out.param_paths.push_back(path);
  std::map<std::int64_t, std::size_t> point_of_run;
  for (const auto& r : db.runs()) {
    const auto it = by_point.find(r.point);
    if (it == by_point.end()) continue;
    point_of_run[r.run] = it->second;
    count_run(out.points[it->second], r);
  }
  for (const auto& a : db.assertions()) {
    const auto it = point_of_run.find(a.run);
    if (it != point_of_run.end()) add_assertion(out.points[it->second], a);
  }
  for (const auto& metric : key_metrics()) {
    std::vector<std::vector<double>> values(out.points.size());
    for (const auto& [run, value] : db.metric_values(metric)) {
      const auto it = point_of_run.find(run);
      if (it != point_of_run.end()) values[it->second].push_back(value);
    }
    for (std::size_t i = 0; i < values.size(); ++i)
      if (!values[i].empty()) out.points[i].metrics[metric] = distribution(std::move(values[i]));
  }
  for (auto& p : out.points) {
    std::sort(p.failing_seeds.begin(), p.failing_seeds.end());
    std::sort(p.assertions.begin(), p.assertions.end(),
              [](const AssertionRate& a, const AssertionRate& b) { return a.index < b.index; });
  }
  return out;
}

std::string replay_command(const PointSummary& point, std::uint64_t seed) {
  return "edgetwin run " + point.point.scenario_file + " --seed " + std::to_string(seed);
}

}  // namespace edgetwin::campaign
