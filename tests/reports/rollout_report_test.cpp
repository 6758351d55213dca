// The rollout section: figures read from a result whose wave timeline is worked out by hand,
// the slowest sites named with their WAN link, the CSV tables and the HTML timeline chart.
#include <gtest/gtest.h>

#include "edgetwin/reports/csv_report.hpp"
#include "edgetwin/reports/html_report.hpp"
#include "edgetwin/reports/report.hpp"
#include "test_fleet.hpp"

namespace edgetwin::reports {
namespace {

// Three sites, a canary and one wave of two; s002 has a 20 Mbit/s link and needs 5 times as
// long as the others for 1 GiB: 8 * 2^30 / 100e6 = 85.9 s against 429.5 s. Canary s001 from
// 60 s to 145.9 s (plus 10 s install), the wave from 155.9 s to 155.9 + 439.5 = 595.4 s.
RunInput rollout_run() {
  RunInput run;
  run.path = "rollout.json";
  run.result = nlohmann::ordered_json::parse(R"({"format": "edgetwin.result/v1",
      "scenario": "upgrade", "seed": 1, "passed": true,
      "metrics": {"wan_bytes": 3221225472, "image_bytes_pulled": 6442450944,
        "rollout_total_s": 535.4,
        "rollout_site_ready_s": {"count": 3, "p50": 95.9, "p99": 439.5, "max": 439.5,
                                 "by_site": {"s001": 95.9, "s002": 439.5, "s003": 95.9}},
        "rollout_failed_sites": 0, "rollout_paused": 0,
        "rollout_waves": [{"wave": 0, "start_s": 60, "end_s": 155.9, "ready_sites": 1, "failed_sites": 0},
                          {"wave": 1, "start_s": 155.9, "end_s": 595.4, "ready_sites": 2, "failed_sites": 0}]},
      "assertions": []})");
  run.fleet = testing::make_test_fleet();
  run.fleet.sites[1].wan.mbps = 20;
  run.fleet_source = "hand.fleet.json";
  return run;
}

TEST(RolloutReport, ReadsTheWaveTimelineAndNamesTheSlowestSiteWithItsLink) {
  const Report report = build_report({rollout_run()});
  ASSERT_TRUE(report.sections.at(0).rollout.has_value());
  const RolloutSummary& r = *report.sections[0].rollout;
  EXPECT_EQ(r.total_s, 535.4);
  ASSERT_EQ(r.waves.size(), 2u);
  EXPECT_EQ(r.waves[1].start_s, 155.9);
  EXPECT_EQ(r.waves[1].end_s, 595.4);
  EXPECT_EQ(*r.waves[1].end_s - *r.waves[0].start_s, r.total_s) << "total is first start to last end";
  ASSERT_EQ(r.sites.size(), 3u);
  EXPECT_EQ(r.sites[0].site, "s002");
  EXPECT_EQ(r.sites[0].wan_mbps, 20);
  EXPECT_EQ(r.sites[1].site, "s001") << "ties broken by name";
}

TEST(RolloutReport, HtmlDrawsOneSpanPerWaveAndCsvHasEverySite) {
  const Report report = build_report({rollout_run()});
  const std::string html = html_report(report);
  const auto chart = html.find("data-chart=\"rollout-waves\"");
  ASSERT_NE(chart, std::string::npos);
  const std::string svg = html.substr(chart, html.find("</svg>", chart) - chart);
  std::size_t rects = 0;
  for (auto at = svg.find("<rect"); at != std::string::npos; at = svg.find("<rect", at + 1)) ++rects;
  EXPECT_EQ(rects, 2u);
  EXPECT_NE(html.find("Rollout finished in <b>535.4 s</b>"), std::string::npos);
  const auto tables = csv_tables(report);
  const auto sites = std::find_if(tables.begin(), tables.end(),
                                  [](const auto& t) { return t.file_name == "rollout_sites.csv"; });
  ASSERT_NE(sites, tables.end());
  EXPECT_NE(sites->text.find("upgrade seed 1,s002,439.5,20,"), std::string::npos) << sites->text;
}

TEST(RolloutReport, AbsentWithoutRolloutOrActivation) {
  RunInput run = rollout_run();
  run.result["metrics"] = nlohmann::ordered_json::object();
  EXPECT_FALSE(build_report({run}).sections.at(0).rollout.has_value());
  EXPECT_EQ(html_report(build_report({run})).find("id=\"rollout\""), std::string::npos);
}

}  // namespace
}  // namespace edgetwin::reports
