// Plans compared: two campaign folders read back into the table and charts of the studio's
// Compare view.
#include "edgetwin/campaign/plan_compare.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "campaign_fixture.hpp"

namespace edgetwin::campaign {
namespace {

using test::scratch;

// A result of a rollout in two waves (2 sites, then `second` sites) ending at `end_s`, with
// per-app unavailability and two sites' failovers.
Json rollout_result(double failover_s, double end_s, int second, double mysql_unavailable_s) {
  Json r = test::result(failover_s, 0, true);
  r["metrics"]["rollout_total_s"] = end_s - 60;
  r["metrics"]["wan_bytes"] = 1e9 * end_s;
  r["metrics"]["unavailable_s"]["by_app"] = {{"mysql", mysql_unavailable_s}, {"redis", 0.0}};
  r["metrics"]["rollout_waves"] = Json::array(
      {{{"wave", 0}, {"start_s", 60}, {"end_s", 200}, {"ready_sites", 2}, {"failed_sites", 0}},
       {{"wave", 1},
        {"start_s", 200},
        {"end_s", end_s},
        {"ready_sites", second},
        {"failed_sites", 0}}});
  return r;
}

// A plan's campaign folder as `edgetwin sweep --out DIR` leaves it: the database, and each
// seed's result file.
std::string plan_folder(const std::string& name, const std::vector<Json>& results,
                        std::optional<int> n1) {
  const auto dir = scratch("plan-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string error;
  auto db = CampaignDb::open((dir / "results.sqlite").string(), OpenMode::kFresh, error);
  EXPECT_TRUE(db) << error;
  EXPECT_TRUE(
      db->put_points({{1, "p001", (dir / "points/p001.scenario.json").string(), {}, n1}}, error))
      << error;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::uint64_t seed = i + 1;
    const auto file = dir / ("seed-" + std::to_string(seed) + ".result.json");
    std::ofstream(file) << results[i].dump();
    EXPECT_TRUE(
        db->record_run({1, seed, "passed", "exited 0", 1.0, file.string(), &results[i]}, error))
        << error;
  }
  return dir.string();
}

TEST(PlanCompare, TableOfDistributionsOverSeedsSideBySide) {
  const auto a_dir = plan_folder("A",
                                 {rollout_result(3, 900, 48, 12), rollout_result(5, 1000, 48, 2),
                                  rollout_result(4, 1100, 48, 7)},
                                 0);
  const auto b_dir =
      plan_folder("B", {rollout_result(9, 500, 198, 0), rollout_result(1, 400, 198, 0)}, 4);
  std::string error;
  const auto a = read_plan_run("A", a_dir, error);
  const auto b = read_plan_run("B", b_dir, error);
  ASSERT_TRUE(a && b) << error;
  EXPECT_EQ(a->runs, 3);
  EXPECT_EQ(a->passed, 3);
  EXPECT_EQ(a->n1_risk_sites, 0);
  EXPECT_EQ(b->n1_risk_sites, 4);
  const auto rows = compare_rows({*a, *b});
  const auto find = [&](const std::string& metric, const std::string& app) {
    for (const auto& r : rows)
      if (r.metric == metric && r.app == app) return r;
    ADD_FAILURE() << metric << " " << app << " missing";
    return CompareRow{};
  };
  const auto failover = find("vip_failover_s", "");
  ASSERT_EQ(failover.plans.size(), 2u);
  EXPECT_EQ(failover.plans[0]->count, 3u);
  EXPECT_EQ(failover.plans[0]->p50, 4);
  EXPECT_EQ(failover.plans[0]->max, 5);
  EXPECT_EQ(failover.plans[1]->p50, 1);  // nearest rank of 2 seeds: the lower one
  EXPECT_EQ(failover.plans[1]->max, 9);
  const auto rollout = find("rollout_total_s", "");
  EXPECT_EQ(rollout.plans[0]->p95, 1040);
  EXPECT_EQ(rollout.plans[1]->max, 440);
  EXPECT_EQ(find("wan_bytes", "").plans[1]->max, 5e11);
  const auto mysql = find("unavailable_s", "mysql");
  EXPECT_EQ(mysql.plans[0]->p50, 7);
  EXPECT_EQ(mysql.plans[0]->max, 12);
  EXPECT_EQ(mysql.plans[1]->max, 0);
  find("unavailable_s", "redis");
  for (const auto& r : rows) EXPECT_NE(r.metric, "activation_total_s");  // no plan measured it
  // Failovers of every site of every seed (the fixture's by_site: 2 and 1 per run).
  EXPECT_EQ(a->failover_samples.size(), 6u);
}

TEST(PlanCompare, RolloutCurveIsTheMedianSeedsRun) {
  const auto dir = plan_folder("median",
                               {rollout_result(1, 900, 48, 0), rollout_result(1, 1300, 48, 0),
                                rollout_result(1, 1100, 48, 0)},
                               std::nullopt);
  std::string error;
  const auto plan = read_plan_run("A", dir, error);
  ASSERT_TRUE(plan) << error;
  EXPECT_EQ(plan->rollout_seed, 3u);  // 840, 1040, 1240 s: seed 3 is the median
  const std::vector<std::pair<double, double>> expected{{60, 0}, {200, 2}, {1100, 50}};
  EXPECT_EQ(plan->rollout_progress, expected);
  EXPECT_FALSE(plan->n1_risk_sites.has_value());
}

TEST(PlanCompare, ARolloutThatNeverFinishedCountsAsTheSlowest) {
  Json unfinished = rollout_result(1, 1500, 48, 0);
  unfinished["metrics"].erase("rollout_total_s");
  unfinished["metrics"]["rollout_waves"][1]["end_s"] = nullptr;
  // Seed 1 finished at 900, seeds 2 and 3 never did: the median run is an unfinished one, and
  // its curve stops at the wave that ended.
  const auto dir = plan_folder(
      "unfinished", {rollout_result(1, 900, 48, 0), unfinished, unfinished}, std::nullopt);
  std::string error;
  const auto plan = read_plan_run("A", dir, error);
  ASSERT_TRUE(plan) << error;
  EXPECT_EQ(plan->rollout_seed, 2u);
  const std::vector<std::pair<double, double>> expected{{60, 0}, {200, 2}};
  EXPECT_EQ(plan->rollout_progress, expected);
}

TEST(PlanCompare, AFolderWithoutACampaignIsAnError) {
  const auto dir = scratch("not-a-campaign");
  std::filesystem::create_directories(dir);
  std::string error;
  EXPECT_FALSE(read_plan_run("A", dir.string(), error));
  EXPECT_FALSE(error.empty());
}

TEST(PlanCompare, SharedHistogramBinsOverlayPlans) {
  const auto h = shared_histogram({{0.5, 1.5, 3.9}, {4.0, 4.0, 0.0}}, 4);
  ASSERT_EQ(h.edges.size(), 5u);
  EXPECT_EQ(h.edges.front(), 0);
  EXPECT_EQ(h.edges.back(), 4.0);
  EXPECT_EQ(h.counts[0], (std::vector<int>{1, 1, 0, 1}));
  EXPECT_EQ(h.counts[1], (std::vector<int>{1, 0, 0, 2}));  // the maximum falls in the last bin
  const auto empty = shared_histogram({{}, {}}, 3);
  // From the smallest sample, not from 0: failovers near 3 s get the bins.
  const auto near = shared_histogram({{3.0, 3.5}, {4.0}}, 2);
  EXPECT_EQ(near.edges, (std::vector<double>{3.0, 3.5, 4.0}));
  EXPECT_EQ(near.counts[0], (std::vector<int>{1, 1}));
  EXPECT_EQ(near.counts[1], (std::vector<int>{0, 1}));
  EXPECT_EQ(empty.counts[0], (std::vector<int>{0, 0, 0}));
}

}  // namespace
}  // namespace edgetwin::campaign
