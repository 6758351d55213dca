#include <gtest/gtest.h>

#include "edgetwin/reports/summary.hpp"

namespace edgetwin::reports {
namespace {

const char* kResult = R"({
  "format": "edgetwin.result/v1", "scenario": "crash", "seed": 7, "sim_time_s": 3600,
  "wall_s": 4.2, "passed": false,
  "metrics": {
    "peer_detect_s": { "count": 2, "p50": 2.5, "p99": 2.9, "max": 2.9, "by_site": { "s001": 2.9 } },
    "nodes_running": [[0, 0], [10.5, 799]],
    "wan_bytes": 123456
  },
  "assertions": [
    { "expect": { "metric": "peer_detect_s", "max": 2 }, "actual": 2.9, "passed": false, "worst_site": "s001" },
    { "expect": { "metric": "nodes_running", "at_s": 600, "min": 799 }, "actual": 799, "passed": true }
  ]
})";

TEST(Summary, NamesEachAssertionWithBoundActualAndWorstSite) {
  const std::string s = format_run_summary(nlohmann::ordered_json::parse(kResult));
  EXPECT_NE(s.find("FAIL peer_detect_s max 2: actual 2.900 (worst site s001)"), std::string::npos) << s;
  EXPECT_NE(s.find("PASS nodes_running min 799 at 600 s: actual 799"), std::string::npos) << s;
  EXPECT_NE(s.find("FAILED"), std::string::npos);
}

TEST(Summary, ShowsDistributionsSeriesAndCounters) {
  const std::string s = format_run_summary(nlohmann::ordered_json::parse(kResult));
  EXPECT_NE(s.find("peer_detect_s: count 2, p50 2.500, p99 2.900, max 2.900"), std::string::npos) << s;
  EXPECT_NE(s.find("nodes_running: 799 at t=10.500 s (2 changes)"), std::string::npos) << s;
  EXPECT_NE(s.find("wan_bytes: 123456"), std::string::npos) << s;
}

}  // namespace
}  // namespace edgetwin::reports
