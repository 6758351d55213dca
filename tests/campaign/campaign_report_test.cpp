// `edgetwin report DIR` over a campaign: what a planner reads to pick a plan.
#include "edgetwin/campaign/campaign_report.hpp"

#include <gtest/gtest.h>

#include "campaign_fixture.hpp"
#include "edgetwin/campaign/campaign_stats.hpp"

namespace edgetwin::campaign {
namespace {

using test::result;
using test::scratch;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(Distribution, NearestRankPercentilesOverSeeds) {
  std::vector<double> values;
  for (int i = 100; i >= 1; --i) values.push_back(i);
  const Distribution d = distribution(values);
  EXPECT_EQ(d.count, 100u);
  EXPECT_EQ(d.p50, 50);
  EXPECT_EQ(d.p95, 95);
  EXPECT_EQ(d.p99, 99);
  EXPECT_EQ(d.max, 100);
  const Distribution one = distribution({7});
  EXPECT_EQ(one.p50, 7);
  EXPECT_EQ(one.p99, 7);
}

// A 2 x 2 grid (wave size x WAN), 3 seeds each; point p004's seed 3 fails and seed 2 crashed.
CampaignSummary grid_campaign() {
  const std::string path = scratch("report.sqlite").string();
  std::string error;
  auto db = CampaignDb::open(path, OpenMode::kFresh, error);
  std::vector<PointRow> points;
  int index = 0;
  for (int wave : {50, 100})
    for (int mbps : {20, 100}) {
      ++index;
      const std::string name = "p00" + std::to_string(index);
      points.push_back({index,
                        name,
                        "/c/points/" + name + ".scenario.json",
                        {{"/rollout/wave_sites", wave}, {"fleet:/site_defaults/wan/mbps", mbps}},
                        index == 4 ? 1 : 0});
    }
  EXPECT_TRUE(db->put_points(points, error)) << error;
  db->set_info("scenario", "plan");
  for (int p = 1; p <= 4; ++p)
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      const bool fails = p == 4 && seed == 3;
      const Json r = result(p * 10 + static_cast<double>(seed), 0, !fails);
      if (p == 4 && seed == 2)
        EXPECT_TRUE(
            db->record_run({p, seed, "TIMEOUT", "slurm 9_10 TIMEOUT", {}, "", nullptr}, error));
      else
        EXPECT_TRUE(db->record_run(
            {p, seed, fails ? "failed" : "passed", "exited", 1.0, "r.json", &r}, error));
    }
  return summarize(*db, "/c");
}

TEST(CampaignReport, PerPointDistributionsPassRatesAndFailingSeedsWithTheirReplayCommand) {
  const Json j = campaign_json(grid_campaign());
  EXPECT_EQ(j["format"], "edgetwin.campaign-report/v1");
  ASSERT_EQ(j["points"].size(), 4u);
  const Json& p2 = j["points"][1];
  EXPECT_EQ(p2["params"]["/rollout/wave_sites"], 50);
  EXPECT_EQ(p2["params"]["fleet:/site_defaults/wan/mbps"], 100);
  EXPECT_EQ(p2["metrics"]["vip_failover_s"]["p50"], 22);
  EXPECT_EQ(p2["metrics"]["vip_failover_s"]["max"], 23);
  EXPECT_EQ(p2["metrics"]["vip_failover_s"]["count"], 3);
  const Json& p4 = j["points"][3];
  EXPECT_EQ(p4["runs"], 3);
  EXPECT_EQ(p4["failed"], 1);
  EXPECT_EQ(p4["crashed"], 1);
  EXPECT_EQ(p4["n1_risk_sites"], 1);
  EXPECT_EQ(p4["metrics"]["vip_failover_s"]["count"], 2);  // the timed-out seed has no value
  EXPECT_EQ(p4["assertions"][1]["runs"], 2);
  EXPECT_EQ(p4["assertions"][1]["passed"], 1);
  EXPECT_EQ(p4["assertions"][1]["pass_rate"], 0.5);
  ASSERT_EQ(p4["failing_seeds"].size(), 2u);
  EXPECT_EQ(p4["failing_seeds"][0]["status"], "TIMEOUT");
  EXPECT_EQ(p4["failing_seeds"][1]["replay"], "edgetwin run /c/points/p004.scenario.json --seed 3");
}

TEST(CampaignReport, ChartsPutThePlansSideBySideOneLinePerOtherParameter) {
  const std::string svg = comparison_charts(grid_campaign());
  // Key metrics with values here: vip_failover_s, dual_master_s, lost_writes.
  EXPECT_EQ(count(svg, "<svg "), 3u) << svg;
  EXPECT_NE(svg.find("data-chart=\"vip_failover_s\""), std::string::npos);
  EXPECT_EQ(count(svg, "<polyline "), 3u * 2);  // WAN 20 and WAN 100
  EXPECT_EQ(count(svg, "<circle "), 3u * 4);    // every point once
  EXPECT_NE(svg.find(">fleet:/site_defaults/wan/mbps=20<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">/rollout/wave_sites<"), std::string::npos);
}

TEST(CampaignReport, ComparisonCsvHasOneRowPerPointAndTheHtmlEveryPart) {
  const auto summary = grid_campaign();
  const std::string csv = comparison_csv(summary);
  EXPECT_EQ(count(csv, "\n"), 5u);
  EXPECT_EQ(csv.substr(0, csv.find('\n'))
                .find("point,/rollout/wave_sites,fleet:/site_defaults/wan/mbps,runs,"),
            0u)
      << csv;
  EXPECT_NE(csv.find("\np002,50,100,3,3,0,0,0,22,23,23,23,"), std::string::npos) << csv;
  const std::string html = campaign_html(summary);
  EXPECT_EQ(count(html, "<table class=\"comparison\">"), 1u);
  EXPECT_EQ(count(html, "<section class=\"point\""), 4u);
  EXPECT_NE(html.find("<code>edgetwin run /c/points/p004.scenario.json --seed 3</code>"),
            std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace edgetwin::campaign
