#include <gtest/gtest.h>

#include <string>

#include "edgetwin/reports/html_report.hpp"
#include "test_fleet.hpp"

namespace edgetwin::reports {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The SVG element whose data-chart is `name`, or "" when there is none.
std::string chart(const std::string& html, const std::string& name) {
  const auto start = html.find("data-chart=\"" + name + "\"");
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</svg>", start) - start);
}

Report sample_report() {
  RunInput run;
  run.path = "runs/<one>.json";
  run.result = nlohmann::ordered_json::parse(R"({"format": "edgetwin.result/v1",
      "scenario": "crash <b>&</b>", "scenario_file": "/x/crash.scenario.json", "seed": 7,
      "sim_time_s": 900, "edgetwin_version": "0.1.0", "passed": false,
      "metrics": {
        "vip_failover_s": {"count": 2, "p50": 3, "p99": 3.5, "max": 3.5,
                           "by_site": {"s001": 3, "s002": 3.5}},
        "peer_detect_s": {"count": 1, "p50": 2, "p99": 2, "max": 2, "by_site": {"s001": 2}},
        "nodes_running": [[0, 0], [10, 6], [300, 5], [600, 6]],
        "dual_master_s": 1.25, "dual_master_s_by_site": {"s002": 1.25}, "lost_writes": 3},
      "assertions": [
        {"expect": {"metric": "vip_failover_s", "max": 4}, "actual": 3.5, "passed": true},
        {"expect": {"metric": "dual_master_s", "equals": 0}, "actual": 1.25, "passed": false}]})");
  run.fleet = testing::make_test_fleet();
  run.fleet_source = "/x/hand.fleet.json";
  return build_report({run});
}

TEST(HtmlReport, DrawsOneBarPerPlottedSiteAndTheNodesSeries) {
  const std::string html = html_report(sample_report());
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_EQ(count(chart(html, "site-load-0"), "<rect"), 3u);  // the fleet's three sites
  EXPECT_EQ(count(chart(html, "vip_failover_s-0"), "<rect"), 2u);
  EXPECT_EQ(count(chart(html, "peer_detect_s-0"), "<rect"), 1u);
  EXPECT_NE(chart(html, "nodes_running-0").find("<polyline"), std::string::npos);
}

TEST(HtmlReport, SummaryShowsAssertionsN1RiskAndDualMasterInRed) {
  const Report report = sample_report();
  EXPECT_EQ(report.summary.n1_risk_sites, 2);
  const std::string html = html_report(report);
  EXPECT_NE(html.find("<span class=\"value ok\">1</span>assertions passed"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"value bad\">1</span>assertions failed"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"value bad\">2</span>sites at N-1 risk"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"value bad\">1.25</span>dual-master seconds"), std::string::npos);
  EXPECT_NE(html.find("<strong class=\"bad\">3</strong>"), std::string::npos);  // lost writes
  EXPECT_NE(html.find("<strong class=\"bad\">1.25 s</strong>"), std::string::npos);
}

TEST(HtmlReport, IsSelfContainedBalancedAndEscaped) {
  const std::string html = html_report(sample_report());
  EXPECT_EQ(html.find("http"), std::string::npos);  // nothing fetched: no URL at all
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  for (const char* tag : {"svg", "table", "section", "figure", "tr", "h3"})
    EXPECT_EQ(count(html, std::string("<") + tag), count(html, std::string("</") + tag + ">"))
        << tag;
  EXPECT_EQ(count(html, "<html"), 1u);
  EXPECT_EQ(count(html, "</html>"), 1u);
  EXPECT_EQ(html.find("<b>&</b>"), std::string::npos);
  EXPECT_NE(html.find("crash &lt;b&gt;&amp;&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("runs/&lt;one&gt;.json"), std::string::npos);
}

TEST(HtmlReport, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(html_escape("<a href='x'>\"&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
}

}  // namespace
}  // namespace edgetwin::reports
