#include <gtest/gtest.h>

#include "edgetwin/reports/csv_report.hpp"
#include "test_fleet.hpp"

namespace edgetwin::reports {
namespace {

TEST(Csv, QuotesOnlyFieldsThatNeedItAndDoublesQuotes) {
  EXPECT_EQ(csv_field("s001"), "s001");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(csv_line({"a", "b,c", "d"}), "a,\"b,c\",d\r\n");
}

TEST(Csv, WritesOneTablePerFileWithTheN1Shortfall) {
  RunInput run;
  run.path = "run.json";
  run.result = nlohmann::ordered_json::parse(R"({"format": "edgetwin.result/v1",
      "scenario": "x,\"y\"", "seed": 3, "passed": true,
      "metrics": {"vip_failover_s": {"count": 1, "p50": 3, "p99": 3, "max": 3, "by_site": {"s001": 3}}},
      "assertions": [{"expect": {"metric": "vip_failover_s", "max": 4}, "actual": 3, "passed": true}]})");
  run.fleet = testing::make_test_fleet();
  run.fleet_source = "hand.fleet.json";
  const auto tables = csv_tables(build_report({run}));
  // and the two rollout tables, empty here but for headers, then the day's two (capacity_day_test)
  ASSERT_EQ(tables.size(), 8u);
  EXPECT_EQ(tables[0].file_name, "capacity_boxes.csv");
  EXPECT_EQ(tables[1].file_name, "n1_sites.csv");
  // site, boxes, ok, down box, capacity x3, requests x3, remaining x3, shortfall x3
  EXPECT_NE(tables[1].text.find("hand-made,s002,2,false,s002-a,16,32,0,13,30,0,8,16,0,5,14,0\r\n"),
            std::string::npos) << tables[1].text;
  EXPECT_NE(tables[2].text.find("\"x,\"\"y\"\" seed 3\",s001,3,"), std::string::npos)
      << tables[2].text;
  EXPECT_NE(tables[3].text.find(",true,vip_failover_s,,,,,4,,3,,\r\n"), std::string::npos)
      << tables[3].text;
}

}  // namespace
}  // namespace edgetwin::reports
