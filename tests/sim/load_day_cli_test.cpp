// Load over the day (docs/formats-extensions.md "Load over the day"), through `edgetwin run`
// of the bundled load-day scenario: an app whose memory at its peak hour is above its limit is
// OOM-killed and its restarts are killed again until the peak passes; an undersized HDD fills;
// the result carries each box's use per hour of the day and its peak hour.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace edgetwin::test {
namespace {

const std::string kScenarios = EDGETWIN_SCENARIOS;

std::vector<nlohmann::json> events_of(const fs::path& file, const std::string& kind) {
  std::vector<nlohmann::json> out;
  std::istringstream lines(slurp(file));
  for (std::string line; std::getline(lines, line);) {
    auto e = nlohmann::json::parse(line);
    if (e["kind"] == kind) out.push_back(std::move(e));
  }
  return out;
}

// The box whose runtime ran `container` (from the monitoring views).
std::string box_of(const nlohmann::json& result, const std::string& container) {
  for (const auto& [key, series] : result["monitoring"]["containers"].items())
    if (key.ends_with("/" + container)) return key.substr(0, key.find('/'));
  return "";
}

class LoadDay : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    events_ = scratch("load-day.events.jsonl");
    result_file_ = scratch("load-day.result.json");
    const Outcome o = edgetwin("run " + kScenarios + "/load-day.scenario.json --events " +
                               events_.string() + " --result " + result_file_.string());
    ASSERT_EQ(o.status, 0) << o.out;
    result_ = nlohmann::json::parse(slurp(result_file_));
  }
  static inline fs::path events_, result_file_;
  static inline nlohmann::json result_;
};

TEST_F(LoadDay, MemoryAboveTheLimitAtThePeakHourIsAnOomKillTheHealthMonitorSees) {
  const auto ooms = events_of(events_, "container.oom");
  ASSERT_GE(ooms.size(), 2u);
  for (const auto& e : ooms) {
    EXPECT_EQ(e["app"], "analytics") << e;
    // Only during its peak hour, 01:00-02:00.
    EXPECT_GE(e["t"].get<double>(), 3600) << e;
    EXPECT_LT(e["t"].get<double>(), 7200) << e;
    EXPECT_GT(e["memory_use_mib"].get<double>(), e["memory_limit_mib"].get<double>()) << e;
  }
  EXPECT_EQ(result_["metrics"]["oom_kills"], ooms.size());
  bool restarted = false;
  for (const auto& e : events_of(events_, "container.restart"))
    restarted |= e.dump().find("analytics") != std::string::npos && e["t"].get<double>() >= 3600;
  EXPECT_TRUE(restarted) << "the health monitor restarts the killed container";
}

TEST_F(LoadDay, AnUndersizedHddFillsOnceAndIsReported) {
  const auto full = events_of(events_, "disk.full");
  ASSERT_EQ(full.size(), 1u);
  EXPECT_EQ(full[0]["disk"], "hdd");
  EXPECT_EQ(full[0]["box"], box_of(result_, "recorder-0"));
  // 25.6 GiB at 640 GiB a day: full after about 58 minutes.
  EXPECT_GT(full[0]["t"].get<double>(), 3000);
  EXPECT_LT(full[0]["t"].get<double>(), 3700);
  EXPECT_EQ(result_["metrics"]["disk_full_boxes"], 1);
  // The box's sampled hdd_use reaches the whole disk.
  const auto& r = result_["box_resources"];
  std::size_t hdd = 0;
  while (r["columns"][hdd] != "hdd_use") ++hdd;
  double most = 0;
  const auto& pairs = r["boxes"][full[0]["box"].get<std::string>()];
  for (std::size_t i = 1; i < pairs.size(); i += 2)
    most = std::max(most, r["loads"][pairs[i].get<std::size_t>()][hdd].get<double>());
  EXPECT_DOUBLE_EQ(most, 1.0);
}

TEST_F(LoadDay, EachBoxHasItsUseOverTheDayAndItsPeakHour) {
  const auto& day = result_["box_resources"]["day"];
  EXPECT_EQ(day["columns"], nlohmann::json::array({"cpu_use", "memory_use"}));
  const std::string analytics = box_of(result_, "analytics-0");
  const std::string recorder = box_of(result_, "recorder-0");
  ASSERT_FALSE(analytics.empty());
  ASSERT_NE(analytics, recorder);
  // The analytics box peaks at 01:00 (7 CPUs wanted), the other at 08:00 (access-control's rush).
  EXPECT_EQ(day["boxes"][analytics]["peak_hour"], 1) << day;
  EXPECT_EQ(day["boxes"][recorder]["peak_hour"], 8) << day;
  const auto& profile = day["profiles"][day["boxes"][recorder]["profile"].get<std::size_t>()];
  ASSERT_EQ(profile.size(), 24u);
  EXPECT_LT(profile[3][0].get<double>(), profile[8][0].get<double>());
}

}  // namespace
}  // namespace edgetwin::test
