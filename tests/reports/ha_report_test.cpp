#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "edgetwin/reports/ha_report.hpp"
#include "edgetwin/reports/report.hpp"

namespace edgetwin::reports {
namespace {

using Json = nlohmann::ordered_json;

const char* kMetrics = R"({
  "peer_detect_s": { "count": 1, "p50": 2, "p99": 2, "max": 2, "by_site": { "s001": 2 } },
  "vip_failover_s": { "count": 2, "p50": 3, "p99": 3.5, "max": 3.5, "by_site": { "s002": 3.5, "s001": 3 } },
  "nodes_running": [[0, 0], [10, 4], [300, 3]],
  "dual_master_s": 1.5, "dual_master_s_by_site": { "s002": 1.5 },
  "restarts": 4, "lost_writes": 3,
  "unavailable_s": { "count": 1, "p50": 2, "p99": 2, "max": 2, "by_site": { "s001": 2 },
                     "by_app": { "parking": 2 } }
})";

TEST(HaSummary, ReadsDistributionsInReportOrderAndSkipsMissingOnes) {
  const auto ha = read_ha(Json::parse(kMetrics));
  ASSERT_EQ(ha.distributions.size(), 3u);
  EXPECT_EQ(ha.distributions[0].metric, "vip_failover_s");
  EXPECT_EQ(ha.distributions[1].metric, "unavailable_s");
  EXPECT_EQ(ha.distributions[2].metric, "peer_detect_s");
  EXPECT_EQ(ha.find("app_recovery_s"), nullptr);
  EXPECT_DOUBLE_EQ(ha.find("vip_failover_s")->by_site.at("s002"), 3.5);
  EXPECT_EQ(ha.sites(), (std::vector<std::string>{"s001", "s002"}));
}

TEST(HaSummary, FlagsLostWritesAndKeepsDualMasterAndSeries) {
  const auto ha = read_ha(Json::parse(kMetrics));
  ASSERT_NE(ha.counter("lost_writes"), nullptr);
  EXPECT_TRUE(ha.counter("lost_writes")->must_be_zero);
  EXPECT_FALSE(ha.counter("restarts")->must_be_zero);
  EXPECT_DOUBLE_EQ(ha.dual_master_s, 1.5);
  EXPECT_DOUBLE_EQ(ha.unavailable_by_app.at("parking"), 2);
  ASSERT_EQ(ha.nodes_running.size(), 3u);
  EXPECT_DOUBLE_EQ(ha.nodes_running[2].second, 3);
}

TEST(ReportInput, RejectsWhatIsNotARunResult) {
  EXPECT_NE(check_result(Json::parse(R"({"format": "edgetwin.fleet/v1"})")).find("format"),
            std::string::npos);
  const auto no_metrics = Json::parse(
      R"({"format": "edgetwin.result/v1", "scenario": "x", "passed": true, "assertions": []})");
  EXPECT_EQ(check_result(no_metrics), "/metrics is missing or not an object");
  auto bad_assertion = no_metrics;
  bad_assertion["metrics"] = Json::object();
  bad_assertion["assertions"] = Json::parse(R"([{"expect": {"metric": "x"}}])");
  EXPECT_EQ(check_result(bad_assertion), "/assertions/0/passed is missing or not true/false");
}

TEST(ReportInput, MissingFileAndUnknownFleetAreClearErrors) {
  const auto missing = load_run_input("/nonexistent/run.json", std::nullopt);
  EXPECT_FALSE(missing.run);
  EXPECT_NE(missing.error.find("/nonexistent/run.json: cannot open"), std::string::npos);

  const auto path = std::filesystem::temp_directory_path() / "edgetwin-report-test-old.json";
  std::ofstream(path) << R"({"format": "edgetwin.result/v1", "scenario": "x", "passed": true,
                            "metrics": {}, "assertions": []})";
  const auto old = load_run_input(path, std::nullopt);
  std::filesystem::remove(path);
  EXPECT_FALSE(old.run);
  EXPECT_NE(old.error.find("--fleet"), std::string::npos) << old.error;
}

// A hostile result file is an error, never an abort (nlohmann's out_of_range escaped: exit 134).
TEST(ReportInput, ANumberBeyondADoubleIsAnErrorNotAnAbort) {
  const auto path = std::filesystem::temp_directory_path() / "edgetwin-report-test-huge.json";
  std::ofstream(path) << R"({"format": "edgetwin.result/v1", "wall_s": 1e999})";
  const auto huge = load_run_input(path, std::nullopt);
  std::filesystem::remove(path);
  EXPECT_FALSE(huge.run);
  EXPECT_NE(huge.error.find("not valid JSON"), std::string::npos) << huge.error;
}

}  // namespace
}  // namespace edgetwin::reports
