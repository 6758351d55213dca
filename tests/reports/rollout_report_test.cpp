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

// A factory fleet's first deployment: the phases read in their order with p50/p95/max, and the
// days until every site serves in the HTML; a site that never served is said in red.
TEST(RolloutReport, FirstDeploymentSaysWhereTheTimeWentAndWhenEverySiteServes) {
  RunInput run = rollout_run();
  auto& m = run.result["metrics"];
  m["activation_total_s"] = 1000;
  m["site_activation_s"] = nlohmann::ordered_json::parse(
      R"({"count": 3, "p50": 330, "p95": 360, "p99": 360, "max": 360, "by_site": {}})");
  m["site_download_s"] = nlohmann::ordered_json::parse(
      R"({"count": 3, "p50": 95.9, "p95": 439.5, "p99": 439.5, "max": 439.5, "by_site": {}})");
  m["sites_serving"] = 3;
  m["fleet_serving_s"] = 172800;
  const RolloutSummary& r = *build_report({run}).sections.at(0).rollout;
  ASSERT_EQ(r.phases.size(), 2u);
  EXPECT_EQ(r.phases[0].label, "activation");
  EXPECT_EQ(r.phases[0].p95_s, 360);
  EXPECT_EQ(r.phases[1].metric, "site_download_s");
  EXPECT_EQ(r.phases[1].max_s, 439.5);
  const std::string html = html_report(build_report({run}));
  EXPECT_NE(html.find("All 3 sites serving after <b>172800 s</b> (2 days)"), std::string::npos);
  EXPECT_NE(html.find("<td>download</td><td>3</td><td>95.9</td><td>439.5</td>"), std::string::npos)
      << html.substr(html.find("First deployment"), 800);
  m["fleet_serving_s"] = nullptr;
  m["sites_serving"] = 2;
  EXPECT_NE(html_report(build_report({run})).find("Not every site serves</span>: 2 sites"),
            std::string::npos);
}

TEST(RolloutReport, AbsentWithoutRolloutOrActivation) {
  RunInput run = rollout_run();
  run.result["metrics"] = nlohmann::ordered_json::object();
  EXPECT_FALSE(build_report({run}).sections.at(0).rollout.has_value());
  EXPECT_EQ(html_report(build_report({run})).find("id=\"rollout\""), std::string::npos);
}

}  // namespace
}  // namespace edgetwin::reports
