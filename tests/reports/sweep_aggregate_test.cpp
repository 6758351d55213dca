#include "edgetwin/reports/sweep_aggregate.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edgetwin::reports {
namespace {

using Json = nlohmann::ordered_json;

// One seed's result: `lost` as a plain number, `detect` as a distribution's worst case, the
// first assertion failing when `fail_first`, the second when `fail_second`.
Json result(int seed, double lost, Json detect_max, bool fail_first, bool fail_second) {
  Json r;
  r["format"] = "edgetwin.result/v1";
  r["scenario"] = "crash";
  r["seed"] = seed;
  r["passed"] = !fail_first && !fail_second;
  r["metrics"] = {
      {"lost_writes", lost},
      {"peer_detect_s",
       {{"count", 1}, {"p50", 1}, {"p99", 1}, {"max", detect_max}, {"by_site", Json::object()}}},
      {"nodes_running", Json::array({Json::array({0, 4})})},
      {"lost_writes_by_site", {{"s001", lost}}}};
  r["assertions"] = Json::array({{{"expect", {{"metric", "lost_writes"}, {"max", 1}}},
                                  {"actual", lost},
                                  {"passed", !fail_first}},
                                 {{"expect", {{"metric", "peer_detect_s"}, {"max", 3}}},
                                  {"actual", detect_max},
                                  {"passed", !fail_second}}});
  return r;
}

TEST(SweepAggregate, DistributesEachNumericMetricOverSeeds) {
  const Json s = aggregate_sweep({result(11, 1, 30, false, true), result(12, 2, 10, true, true),
                                  result(13, 3, nullptr, true, false)});
  const Json& lost = s["metrics"]["lost_writes"];
  EXPECT_EQ(lost["seeds"], 3);
  EXPECT_EQ(lost["min"], 1.0);
  EXPECT_EQ(lost["p50"], 2.0);
  EXPECT_EQ(lost["p95"], 3.0);
  EXPECT_EQ(lost["p99"], 3.0);
  EXPECT_EQ(lost["max"], 3.0);
  // A distribution counts by its max; the seed without a sample is left out.
  const Json& detect = s["metrics"]["peer_detect_s"];
  EXPECT_EQ(detect["seeds"], 2);
  EXPECT_EQ(detect["min"], 10.0);
  EXPECT_EQ(detect["max"], 30.0);
  // Series and per-site tables have no single value per seed.
  EXPECT_FALSE(s["metrics"].contains("nodes_running"));
  EXPECT_FALSE(s["metrics"].contains("lost_writes_by_site"));
}

TEST(SweepAggregate, CountsFailuresPerAssertionWithTheirSeeds) {
  const Json s = aggregate_sweep({result(11, 1, 30, false, true), result(12, 2, 10, true, true),
                                  result(13, 3, nullptr, true, false)});
  EXPECT_EQ(s["format"], "edgetwin.sweep/v1");
  EXPECT_EQ(s["scenario"], "crash");
  EXPECT_EQ(s["seeds"], Json::array({11, 12, 13}));
  EXPECT_EQ(s["runs"], 3);
  EXPECT_FALSE(s["passed"].get<bool>());
  EXPECT_EQ(s["failed_seeds"], Json::array({11, 12, 13}));
  ASSERT_EQ(s["assertions"].size(), 2u);
  EXPECT_EQ(s["assertions"][0]["index"], 0);
  EXPECT_EQ(s["assertions"][0]["expect"]["metric"], "lost_writes");
  EXPECT_EQ(s["assertions"][0]["failures"], 2);
  EXPECT_EQ(s["assertions"][0]["failed_seeds"], Json::array({12, 13}));
  EXPECT_EQ(s["assertions"][1]["failures"], 2);
  EXPECT_EQ(s["assertions"][1]["failed_seeds"], Json::array({11, 12}));
}

TEST(SweepAggregate, AllPassingSeedsPass) {
  const Json s = aggregate_sweep({result(1, 0, 2, false, false), result(2, 0, 2.5, false, false)});
  EXPECT_TRUE(s["passed"].get<bool>());
  EXPECT_TRUE(s["failed_seeds"].empty());
  EXPECT_EQ(s["assertions"][0]["failures"], 0);
  EXPECT_TRUE(s["assertions"][0]["failed_seeds"].empty());
  EXPECT_EQ(s["metrics"]["peer_detect_s"]["p50"], 2.0);
}

TEST(SweepAggregate, NoResultsIsAnEmptyPassingSweep) {
  const Json s = aggregate_sweep({});
  EXPECT_EQ(s["runs"], 0);
  EXPECT_TRUE(s["metrics"].empty());
  EXPECT_TRUE(s["assertions"].empty());
}

}  // namespace
}  // namespace edgetwin::reports
