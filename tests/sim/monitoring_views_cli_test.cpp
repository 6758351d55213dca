// The console's monitoring views in the run result (docs/formats-extensions.md, `monitoring`):
// per app its type, ports, sign-on address and status over time as the cloud sees it; per
// container its simulated use over time.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.hpp"

namespace edgetwin::test {
namespace {

const std::string kData = EDGETWIN_TEST_DATA;

const nlohmann::json* app_row(const nlohmann::json& monitoring, const std::string& site,
                              const std::string& app) {
  for (const auto& row : monitoring["apps"])
    if (row["site"] == site && row["app"] == app) return &row;
  return nullptr;
}

// The last point of `series` at or before `t`.
nlohmann::json at(const nlohmann::json& series, double t) {
  nlohmann::json last;
  for (const auto& p : series)
    if (p[0].get<double>() <= t) last = p;
  return last;
}

TEST(MonitoringViews, AppsHostsAndContainersOverTheRun) {
  // s001-a is off from 100 s to 220 s of a 400 s run.
  const fs::path result = scratch("monitoring.result.json");
  const Outcome o =
      edgetwin("run " + kData + "/box-crash.scenario.json --result " + result.string());
  ASSERT_EQ(o.status, 0) << o.out;
  const auto m = nlohmann::json::parse(slurp(result))["monitoring"];
  ASSERT_TRUE(m.is_object());
  // Every app of both sites, with the catalog's type and ports and the site's VIP.
  for (const std::string site : {"s001", "s002"})
    for (const std::string app : {"access-control", "parking", "mysql"})
      ASSERT_NE(app_row(m, site, app), nullptr) << site << " " << app;
  const auto& access = *app_row(m, "s001", "access-control");
  EXPECT_EQ(access["type"], "stateless");
  EXPECT_EQ(access["ports"], nlohmann::json::array({8080}));
  EXPECT_NE(access["address"].get<std::string>().find(":8080"), std::string::npos);
  EXPECT_EQ((*app_row(m, "s001", "mysql"))["type"], "mysql-ha");
  // At the end both boxes are back: every replica of access-control serves.
  const auto end = at(access["series"], 400);
  EXPECT_EQ(end[1], "serving") << access;
  EXPECT_EQ(end[2], 2);
  EXPECT_EQ(end[3], 2);
  // Both boxes in the host table, running at the end.
  EXPECT_EQ(at(m["hosts"]["s001-a"], 400)[1], "running") << m["hosts"];
  // Each container on the box had a simulated use at t=0 (the first sample).
  bool some_container = false;
  for (const auto& [key, series] : m["containers"].items()) {
    if (key.rfind("s001-a/", 0) != 0) continue;
    some_container = true;
    EXPECT_GT(at(series, 0)[2].get<double>(), 0.0) << key;
  }
  EXPECT_TRUE(some_container);
}

}  // namespace
}  // namespace edgetwin::test
