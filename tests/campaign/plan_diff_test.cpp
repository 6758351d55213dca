// What differs between two plans, as the Compare view lists it.
#include "edgetwin/campaign/plan_diff.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "campaign_fixture.hpp"

namespace edgetwin::campaign {
namespace {

TEST(PlanDiff, OnlyTheChangedLeavesWithTheirPointers) {
  const Json a = Json::parse(R"({"name": "waves-50", "duration_s": 3600,
      "rollout": {"wave_sites": 50, "canary_sites": 1, "apps": {"redis": {"version": "7.2"}}}})");
  Json b = a;
  b["name"] = "waves-200";
  b["rollout"]["wave_sites"] = 200;
  const auto rows = diff_plans({a, b});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].pointer, "/name");
  EXPECT_EQ(rows[0].values[0], Json("waves-50"));
  EXPECT_EQ(rows[0].values[1], Json("waves-200"));
  EXPECT_EQ(rows[1].pointer, "/rollout/wave_sites");
  EXPECT_EQ(rows[1].values[0], Json(50));
  EXPECT_EQ(rows[1].values[1], Json(200));
  EXPECT_TRUE(diff_plans({a, a}).empty());
  EXPECT_TRUE(diff_plans({a}).empty());
}

TEST(PlanDiff, ASubtreeOnlyOnePlanHasIsOneRowAndArraysGoByIndex) {
  const Json a = Json::parse(R"({"faults": [{"at_s": 300, "kind": "box-crash"}]})");
  const Json b = Json::parse(R"({"faults": [{"at_s": 400, "kind": "box-crash"},
      {"at_s": 900, "kind": "wan-down"}], "workloads": [{"app": "mysql"}]})");
  const auto rows = diff_plans({a, b});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].pointer, "/faults/0/at_s");
  EXPECT_EQ(rows[1].pointer, "/faults/1");
  EXPECT_FALSE(rows[1].values[0].has_value());
  EXPECT_EQ((*rows[1].values[1])["kind"], "wan-down");
  EXPECT_EQ(rows[2].pointer, "/workloads");
  EXPECT_FALSE(rows[2].values[0].has_value());
}

TEST(PlanDiff, ThreePlansAndKeysThatNeedEscaping) {
  const Json a = Json::parse(R"({"x": {"a/b": 1, "m~n": true}})");
  const Json b = Json::parse(R"({"x": {"a/b": 1, "m~n": true}})");
  const Json c = Json::parse(R"({"x": {"a/b": 2, "m~n": "yes"}})");
  const auto rows = diff_plans({a, b, c});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].pointer, "/x/a~1b");
  EXPECT_EQ(rows[0].values.size(), 3u);
  EXPECT_EQ(rows[0].values[2], Json(2));
  EXPECT_EQ(rows[1].pointer, "/x/m~0n");                    // a type change is a leaf row too
  EXPECT_EQ(a.at(Json::json_pointer(rows[0].pointer)), 1);  // the pointers resolve
}

TEST(PlanDiff, LoadPlanInlinesTheFleetSoFleetEditsShow) {
  const auto dir = test::scratch("plan-diff");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "f.fleet.json") << R"({"site_defaults": {"wan": {"mbps": 100}}})";
  std::ofstream(dir / "g.fleet.json") << R"({"site_defaults": {"wan": {"mbps": 20}}})";
  std::ofstream(dir / "a.scenario.json") << R"({"name": "p", "fleet": "f.fleet.json"})";
  std::ofstream(dir / "b.scenario.json") << R"({"name": "p", "fleet": "g.fleet.json"})";
  std::ofstream(dir / "bad.scenario.json") << R"({"name": "p", "fleet": "missing.json"})";
  std::string error;
  const auto a = load_plan_document((dir / "a.scenario.json").string(), error);
  const auto b = load_plan_document((dir / "b.scenario.json").string(), error);
  ASSERT_TRUE(a && b) << error;
  const auto rows = diff_plans({*a, *b});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].pointer, "/fleet/site_defaults/wan/mbps");
  EXPECT_FALSE(load_plan_document((dir / "bad.scenario.json").string(), error));
  EXPECT_NE(error.find("missing.json: cannot be read"), std::string::npos) << error;
}

}  // namespace
}  // namespace edgetwin::campaign
