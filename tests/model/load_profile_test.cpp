// Load over the day (docs/formats-extensions.md "Load over the day"): the `use` fields a
// planner writes, their errors at the position of the mistake, and the hourly use of a box.
#include <gtest/gtest.h>

#include "edgetwin/model/fleet_io.hpp"
#include "edgetwin/model/load_share.hpp"
#include "fleet_text.hpp"

namespace edgetwin::model {
namespace {

using test::all_errors;

// A one-site fleet whose app "cam" has `use` on line 5 (its own line, so columns are exact).
std::string fleet_with_use(const std::string& use, const std::string& hardware = "") {
  return "{\n"
         "  \"format\": \"edgetwin.fleet/v1\",\n"
         "  \"hardware\": {\"edgebox\": {\"cpus\": 8, \"memory_gib\": 16" +
         hardware +
         "}},\n"
         "  \"apps\": {\"cam\": {\"version\": \"1\", \"image_mib\": 100, \"cpu\": 2, "
         "\"cpu_limit\": 6, \"memory_mib\": 1024, \"memory_limit_mib\": 2048,\n"
         "    \"use\": " +
         use +
         "},\n"
         "    \"db\": {\"version\": \"1\", \"image_mib\": 100, \"cpu\": 2, \"cpu_limit\": 6, "
         "\"memory_mib\": 1024, \"use\": {\"cpu\": 6}}},\n"
         "  \"systems\": {\"basic\": [\"cam\", \"db\"]},\n"
         "  \"site_defaults\": {\"boxes\": 2, \"hardware\": \"edgebox\", \"system\": \"basic\",\n"
         "    \"lan\": {\"cidr\": \"192.168.1.0/24\"}, \"service_cidr\": \"192.168.2.0/24\"},\n"
         "  \"sites\": [{\"name\": \"s001\"}]\n"
         "}\n";
}

Fleet parse_ok(const std::string& text) {
  auto parsed = parse_fleet(text, "t.fleet.json");
  EXPECT_TRUE(parsed.ok()) << all_errors(parsed.errors);
  return parsed.value.value_or(Fleet{});
}

std::string profile_text(double night, double day) {
  std::string out = "[";
  for (int h = 0; h < 24; ++h)
    out += (h ? ", " : "") + std::to_string(h >= 8 && h < 20 ? day : night);
  return out + "]";
}

TEST(LoadProfile, HourlyFactorsScaleTheCpuUse) {
  const Fleet fleet =
      parse_ok(fleet_with_use("{\"cpu\": 2, \"profile\": " + profile_text(0.25, 1.5) + "}"));
  const AppUse& use = fleet.apps.at("cam").use;
  ASSERT_EQ(use.profile.size(), 24u);
  EXPECT_DOUBLE_EQ(cpu_want(use, 3), 0.5);
  EXPECT_DOUBLE_EQ(cpu_want(use, 12), 3);
  EXPECT_DOUBLE_EQ(memory_want_mib(use, 12), 1024);  // a profile scales CPU only
  EXPECT_TRUE(has_daily_load(fleet));
}

TEST(LoadProfile, CpuPeakAndMemoryPeakApplyAtTheStatedHours) {
  const Fleet fleet = parse_ok(fleet_with_use(
      "{\"cpu\": 1, \"cpu_peak\": 5, \"peak_hours\": [19, 7, 8], \"memory_peak_mib\": 1900}"));
  const AppUse& use = fleet.apps.at("cam").use;
  EXPECT_EQ(use.peak_hours, (std::vector<int>{7, 8, 19}));
  EXPECT_DOUBLE_EQ(cpu_want(use, 7), 5);
  EXPECT_DOUBLE_EQ(cpu_want(use, 10), 1);
  EXPECT_DOUBLE_EQ(memory_want_mib(use, 19), 1900);
  EXPECT_DOUBLE_EQ(memory_want_mib(use, 20), 1024);
  EXPECT_EQ(hour_of_day(7 * 3600 + 59), 7);
  EXPECT_EQ(hour_of_day(31 * 3600), 7);  // the next day
}

TEST(LoadProfile, ConstantUseIsNoDailyLoad) {
  const Fleet fleet = parse_ok(fleet_with_use("{\"cpu\": 1, \"cpu_peak\": 5}"));
  EXPECT_FALSE(has_daily_load(fleet));  // cpu_peak without peak_hours changes nothing
  EXPECT_DOUBLE_EQ(cpu_want(fleet.apps.at("cam").use, 19), 1);
}

TEST(LoadProfile, MistakesAreReportedWhereTheyAre) {
  const auto parsed = parse_fleet(
      fleet_with_use("{\"profile\": [1, 2], \"peak_hours\": [24, 3, 3], \"memory_peak_mib\": -1}"),
      "t.fleet.json");
  ASSERT_FALSE(parsed.ok());
  const std::string errors = all_errors(parsed.errors);
  EXPECT_NE(errors.find("t.fleet.json:5:24: profile must hold 24 hourly factors, not 2 "
                        "(at /apps/cam/use/profile)"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("t.fleet.json:5:47: an hour of the day must be 0-23, not 24"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("t.fleet.json:5:54: hour 3 is listed twice"), std::string::npos) << errors;
  EXPECT_NE(errors.find("(at /apps/cam/use/memory_peak_mib)"), std::string::npos) << errors;
}

TEST(LoadProfile, MemoryPeakNeedsPeakHours) {
  const auto parsed = parse_fleet(fleet_with_use("{\"memory_peak_mib\": 3000}"), "t.fleet.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(all_errors(parsed.errors).find("t.fleet.json:5:32: memory_peak_mib needs peak_hours"),
            std::string::npos)
      << all_errors(parsed.errors);
}

fw::ContainerSpec spec_of(const App& app, const std::string& name) {
  return {name, app.name, app.cpu, app.cpu_limit, app.memory_mib, app.memory_limit_mib,
          0,    "",       true};
}

// Two containers on an 8-CPU box: "cam" wants 1.5 CPU at night and 6 by day, "db" always 6.
// By day they want 12 of 8: each keeps its request (2) and the idle 4 are lent in proportion
// to the requests (fw::share_cpu), so the day is the box's peak.
TEST(LoadProfile, ABoxDayFollowsTheProfilesAndSharesCpuUnderContention) {
  const Fleet fleet = parse_ok(fleet_with_use(
      "{\"cpu\": 4, \"profile\": " + profile_text(0.375, 1.5) + ", \"memory_mib\": 1500}"));
  const std::vector<fw::ContainerSpec> running{spec_of(fleet.apps.at("cam"), "cam-0"),
                                               spec_of(fleet.apps.at("db"), "db-0")};
  const DayUse day = box_day(fleet, 8, running);
  EXPECT_DOUBLE_EQ(day[3].cpu, 1.5 + 6);
  EXPECT_DOUBLE_EQ(day[12].cpu, 8);
  const auto at_noon = container_use(fleet, 8, running, 12);
  EXPECT_DOUBLE_EQ(at_noon[0].cpu, 4);
  EXPECT_DOUBLE_EQ(at_noon[1].cpu, 4);
  EXPECT_DOUBLE_EQ(day[12].memory_mib, 1500 + 1024);
  EXPECT_EQ(peak_hour(day, 8, 16 * 1024), 8);  // the first hour of the busy day
}

TEST(LoadProfile, StorageRatesAndRetentionAreRead) {
  const Fleet fleet = parse_ok(fleet_with_use(
      "{\"log_mib_per_day\": 200, \"video_gib_per_day\": 640, \"video_retention_days\": 14}",
      ", \"ssd_gib\": 480, \"hdd_tib\": 24"));
  const AppUse& use = fleet.apps.at("cam").use;
  EXPECT_EQ(use.log_mib_per_day, 200);
  EXPECT_EQ(use.log_retention_days, 7);
  EXPECT_EQ(use.video_gib_per_day, 640);
  EXPECT_EQ(use.video_retention_days, 14);
  EXPECT_TRUE(has_daily_load(fleet));
}

}  // namespace
}  // namespace edgetwin::model
