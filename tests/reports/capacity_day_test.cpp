// Use over the day in the capacity report (docs/reports.md "Use over the day"): each box's
// hourly use against its requests and limits, and the N-1 check on peak use, which flags a
// site whose requests pass N-1 but whose peak does not.
#include "edgetwin/reports/capacity_day.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "edgetwin/reports/csv_report.hpp"
#include "edgetwin/reports/html_report.hpp"
#include "test_fleet.hpp"

namespace edgetwin::reports {
namespace {

using testing::make_test_fleet;

// s001 (web x2, db x1 on two 8-CPU boxes) holds its requests (7 CPUs) on one box. At 18:00,
// web's peak hour, both web replicas want 4 CPUs (their limit) and db 3: 11 of the 8 left.
model::Fleet evening_peak_fleet() {
  auto fleet = make_test_fleet();
  for (auto& [name, app] : fleet.apps) {
    app.use.cpu = app.cpu;
    app.use.cpu_peak = app.cpu_limit;
    app.use.memory_mib = app.use.memory_peak_mib = app.memory_mib;
  }
  fleet.apps["web"].use.peak_hours = {18};
  fleet.sites.resize(1);
  return fleet;
}

const BoxDay& box_with(const CapacityDay& day, double requests_cpus) {
  for (const auto& b : day.boxes)
    if (b.requests.cpus == requests_cpus) return b;
  throw std::runtime_error("no box with those requests");
}

TEST(CapacityDay, ASiteWhosePeakUseExceedsItsN1CapacityIsFlaggedEvenWhenItsRequestsFit) {
  const auto fleet = evening_peak_fleet();
  const CapacityReport capacity = compute_capacity(fleet);
  ASSERT_EQ(capacity.n1_risk_sites(), 0) << "the requests alone pass N-1";
  const CapacityDay day = compute_capacity_day(fleet, capacity);
  ASSERT_EQ(day.sites.size(), 1u);
  const SiteDay& s = day.sites[0];
  EXPECT_EQ(s.peak_hour, 18);
  EXPECT_DOUBLE_EQ(s.peak_want().cpus, 11);
  EXPECT_DOUBLE_EQ(s.n1_capacity.cpus, 8);
  EXPECT_DOUBLE_EQ(s.peak_shortfall.cpus, 3);
  EXPECT_FALSE(s.peak_fits_n1());
  EXPECT_TRUE(s.requests_fit_n1);
  EXPECT_EQ(day.peak_risk_sites(), 1);
  EXPECT_EQ(day.peak_risk_sites_requests_fit(), 1);
}

TEST(CapacityDay, UseWithinTheRequestsAllDayIsNoPeakRisk) {
  auto fleet = evening_peak_fleet();
  fleet.apps["web"].use.peak_hours.clear();
  const CapacityDay day = compute_capacity_day(fleet, compute_capacity(fleet));
  EXPECT_EQ(day.peak_risk_sites(), 0);
  EXPECT_TRUE(day.sites[0].peak_fits_n1());
}

TEST(CapacityDay, EachBoxHasItsHourlyUseAgainstRequestsAndLimits) {
  const auto fleet = evening_peak_fleet();
  const CapacityDay day = compute_capacity_day(fleet, compute_capacity(fleet));
  ASSERT_EQ(day.boxes.size(), 2u);
  const BoxDay& both = box_with(day, 5);  // web + db
  const BoxDay& web = box_with(day, 2);   // web alone
  EXPECT_EQ(both.peak_hour, 18);
  EXPECT_DOUBLE_EQ(both.use[3].cpus, 5);
  EXPECT_DOUBLE_EQ(both.use[18].cpus, 7);  // 4 + 3 of 8: no contention
  EXPECT_DOUBLE_EQ(both.limits.cpus, 10);
  EXPECT_DOUBLE_EQ(web.use[18].cpus, 4);
  EXPECT_DOUBLE_EQ(web.peak_use().memory_gib, 4);
  EXPECT_EQ(day.fleet_peak_hour, 18);
  EXPECT_DOUBLE_EQ(day.fleet_use[18].cpus, 11);
}

Report report_of(const model::Fleet& fleet) {
  RunInput run;
  run.path = "r.json";
  run.result = nlohmann::ordered_json::parse(R"({"format": "edgetwin.result/v1",
      "scenario": "peak", "passed": true, "metrics": {}, "assertions": []})");
  run.fleet = fleet;
  run.fleet_source = "peak.fleet.json";
  return build_report({run});
}

TEST(CapacityDay, TheReportShowsThePeakHourAndFlagsTheSite) {
  const Report report = report_of(evening_peak_fleet());
  EXPECT_EQ(report.summary.n1_risk_sites, 0);
  EXPECT_EQ(report.summary.n1_peak_risk_sites, 1);
  const std::string html = html_report(report);
  EXPECT_NE(html.find("Use over the day"), std::string::npos);
  EXPECT_NE(html.find("<strong>Peak hour 18:00:</strong>"), std::string::npos);
  EXPECT_NE(html.find("<td>18:00</td><td>s001</td><td>11 / 8</td>"), std::string::npos)
      << "the flagged site, its peak hour first";
  EXPECT_NE(html.find("data-chart=\"fleet-use-by-hour-0\""), std::string::npos);
  // The CSV lists every box's hours, its peak hour first.
  for (const auto& table : csv_tables(report)) {
    if (table.file_name == "capacity_box_day.csv") {
      const auto first = table.text.find("\r\n") + 2;  // the first box's first row
      EXPECT_NE(table.text.substr(first, table.text.find("\r\n", first) - first).find(",18,true,"),
                std::string::npos)
          << table.text.substr(0, 400);
      EXPECT_EQ(std::count(table.text.begin(), table.text.end(), '\n'), 1 + 2 * 24);
    }
    if (table.file_name == "n1_peak_sites.csv") {
      EXPECT_NE(table.text.find("s001,18,false,true,11,"), std::string::npos) << table.text;
    }
  }
}

}  // namespace
}  // namespace edgetwin::reports
