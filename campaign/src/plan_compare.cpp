#include "edgetwin/campaign/plan_compare.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace edgetwin::campaign {
namespace {

void count_runs(const std::vector<StoredRun>& runs, PlanRun& plan) {
  for (const auto& r : runs) {
    ++plan.runs;
    if (r.status == "passed")
      ++plan.passed;
    else if (r.status == "failed")
      ++plan.failed;
    else
      ++plan.without_result;
  }
}

// metric rows -> per seed: the run-wide row of each run, and per app the worst over its rows.
void read_metrics(const CampaignDb& db, PlanRun& plan) {
  for (const auto& metric : compared_metrics())
    for (const auto& [run, value] : db.metric_values(metric))
      plan.per_seed[metric].push_back(value);
  std::map<std::string, std::map<std::int64_t, double>> by_app;
  for (const auto& row : db.metric_samples("unavailable_s")) {
    if (!row.app || row.site) continue;  // per app (by_app: already its worst site)
    double& worst = by_app[*row.app].try_emplace(row.run, row.value).first->second;
    worst = std::max(worst, row.value);
  }
  for (const auto& [app, runs] : by_app)
    for (const auto& [run, value] : runs) plan.unavailable_by_app[app].push_back(value);
  for (const auto& row : db.metric_samples("vip_failover_s"))
    if (row.site && !row.app) plan.failover_samples.push_back(row.value);
}

std::optional<Json> read_result(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  Json parsed = Json::parse(text.str(), nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

// The run whose rollout time is the nearest-rank median, and its progress curve. A run whose
// rollout never finished (no rollout_total_s) counts as the slowest: a plan none of whose runs
// finished still shows how far its median run got.
void read_rollout(const CampaignDb& db, const std::vector<StoredRun>& runs, PlanRun& plan) {
  std::map<std::int64_t, double> totals;
  for (const auto& [run, value] : db.metric_values("rollout_total_s")) totals[run] = value;
  std::vector<std::pair<double, const StoredRun*>> order;  // (rollout time or infinity, run)
  for (const auto& r : runs) {
    if (r.result_file.empty()) continue;
    const auto it = totals.find(r.run);
    order.emplace_back(it == totals.end() ? std::numeric_limits<double>::infinity() : it->second,
                       &r);
  }
  if (order.empty()) return;
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  const auto rank = static_cast<std::size_t>(std::ceil(0.5 * static_cast<double>(order.size())));
  const StoredRun& median = *order[std::max<std::size_t>(rank, 1) - 1].second;
  const auto result = read_result(median.result_file);
  if (!result) return;
  plan.rollout_progress = rollout_progress(*result);
  if (!plan.rollout_progress.empty()) plan.rollout_seed = median.seed;
}

}  // namespace

const std::vector<std::string>& compared_metrics() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = key_metrics();
    n.push_back("wan_bytes");
    return n;
  }();
  return names;
}

std::optional<PlanRun> read_plan_run(const std::string& name, const std::string& dir,
                                     std::string& error) {
  const std::string path = (std::filesystem::path(dir) / "results.sqlite").string();
  const auto db = CampaignDb::open(path, OpenMode::kReadOnly, error);
  if (!db) return std::nullopt;
  PlanRun plan;
  plan.name = name;
  plan.dir = dir;
  const auto runs = db->runs();
  count_runs(runs, plan);
  for (const auto& point : db->points())
    if (point.n1_risk_sites)
      plan.n1_risk_sites = std::max(plan.n1_risk_sites.value_or(0), *point.n1_risk_sites);
  read_metrics(*db, plan);
  read_rollout(*db, runs, plan);
  return plan;
}

std::vector<std::pair<double, double>> rollout_progress(const Json& result) {
  std::vector<std::pair<double, double>> curve;
  const auto metrics = result.find("metrics");
  if (metrics == result.end() || !metrics->is_object()) return curve;
  const auto waves = metrics->find("rollout_waves");
  if (waves == metrics->end() || !waves->is_array()) return curve;
  std::optional<double> first_start;
  std::vector<std::pair<double, int>> ends;  // (end_s, sites ready in that wave)
  for (const auto& w : *waves) {
    if (!w.is_object()) continue;
    const auto start = w.find("start_s");
    if (start != w.end() && start->is_number())
      first_start = std::min(first_start.value_or(start->get<double>()), start->get<double>());
    const auto end = w.find("end_s");
    if (end != w.end() && end->is_number())
      ends.emplace_back(end->get<double>(), w.value("ready_sites", 0));
  }
  if (!first_start) return curve;
  std::sort(ends.begin(), ends.end());
  curve.emplace_back(*first_start, 0.0);
  double ready = 0;
  for (const auto& [t, sites] : ends) curve.emplace_back(t, ready += sites);
  return curve;
}

std::vector<CompareRow> compare_rows(const std::vector<PlanRun>& plans) {
  std::vector<CompareRow> rows;
  const auto row_of = [&](const std::string& metric, const std::string& app, auto values_of) {
    CompareRow row{metric, app, {}};
    bool any = false;
    for (const auto& p : plans) {
      const std::vector<double>* values = values_of(p);
      if (values == nullptr || values->empty()) {
        row.plans.emplace_back(std::nullopt);
        continue;
      }
      row.plans.emplace_back(distribution(*values));
      any = true;
    }
    if (any) rows.push_back(std::move(row));
  };
  for (const auto& metric : compared_metrics())
    row_of(metric, "", [&](const PlanRun& p) -> const std::vector<double>* {
      const auto it = p.per_seed.find(metric);
      return it == p.per_seed.end() ? nullptr : &it->second;
    });
  std::set<std::string> apps;
  for (const auto& p : plans)
    for (const auto& [app, values] : p.unavailable_by_app) apps.insert(app);
  for (const auto& app : apps)
    row_of("unavailable_s", app, [&](const PlanRun& p) -> const std::vector<double>* {
      const auto it = p.unavailable_by_app.find(app);
      return it == p.unavailable_by_app.end() ? nullptr : &it->second;
    });
  return rows;
}

SharedHistogram shared_histogram(const std::vector<std::vector<double>>& samples, int bins) {
  SharedHistogram h;
  bins = std::max(bins, 1);
  bool any = false;
  double low = 0, high = 0;
  for (const auto& s : samples)
    for (const double v : s) {
      low = any ? std::min(low, v) : v;
      high = any ? std::max(high, v) : v;
      any = true;
    }
  if (high <= low) high = low + 1;  // no spread (or no samples): one unit wide
  const double width = (high - low) / bins;
  for (int i = 0; i <= bins; ++i) h.edges.push_back(low + width * i);
  for (const auto& s : samples) {
    std::vector<int> counts(static_cast<std::size_t>(bins), 0);
    for (const double v : s) {
      const auto bin = std::clamp(static_cast<int>((v - low) / width), 0, bins - 1);
      ++counts[static_cast<std::size_t>(bin)];
    }
    h.counts.push_back(std::move(counts));
  }
  return h;
}

}  // namespace edgetwin::campaign
