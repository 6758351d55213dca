// The site detail's monitoring views from a run result (site_monitoring.hpp): the app and host
// tables as the run ended, the containers' use, and each box's day with its peak hour.
#include "edgetwin/gui/site_monitoring.hpp"

#include <gtest/gtest.h>

#include <QFile>
#include <QTemporaryDir>

namespace edgetwin::gui {
namespace {

// A result as `edgetwin run` writes it, cut to what the site detail reads.
std::string result_text() {
  std::string day = "[";
  for (int h = 0; h < 24; ++h)
    day += std::string(h ? "," : "") + (h == 18 ? "[0.8,0.3]" : "[0.2,0.25]");
  day += "]";
  return R"({"format": "edgetwin.result/v1", "scenario": "t", "passed": true,
    "monitoring": {
      "apps": [
        {"site": "s001", "app": "access-control", "type": "stateless", "ports": [8080],
         "address": "192.168.2.10:8080", "series": [[0, "serving", 2, 2], [600, "degraded", 2, 1]]},
        {"site": "s002", "app": "parking", "type": "stateless", "series": [[0, "serving", 1, 1]]}],
      "hosts": {"s001-a": [[0, "running", 3, 6.0, 12288]], "s001-b": [[0, "running", 2, 4.0, 8192], [600, "offline", 2, 4.0, 8192]]},
      "containers": {"s001-a/access-control-0": [[0, 2.0, 2048.0]], "s001-b/parking-0": [[0, 1.0, 1024.0], [600, 0.0, 0.0]]}},
    "box_resources": {"day": {"columns": ["cpu_use", "memory_use"], "profiles": [)" +
         day + R"(], "boxes": {"s001-a": {"profile": 0, "peak_hour": 18}}}}})";
}

class SiteMonitoringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.isValid());
    path_ = dir_.filePath("result.json");
    QFile f(path_);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(QByteArray::fromStdString(result_text()));
  }
  QTemporaryDir dir_;
  QString path_;
};

model::Site site_s001() {
  model::Site site;
  site.name = "s001";
  site.boxes = {{"s001-a", "edgebox", "", 150}, {"s001-b", "edgebox", "", 100}};
  return site;
}

TEST_F(SiteMonitoringTest, TheAppTableShowsTheSitesAppsAsTheRunEnded) {
  SiteMonitoring m;
  ASSERT_TRUE(m.load(path_));
  const QString apps = m.appsHtml("s001");
  EXPECT_TRUE(apps.contains("<td>access-control</td><td>stateless</td>")) << apps.toStdString();
  EXPECT_TRUE(apps.contains("degraded")) << "the last point, not the first";
  EXPECT_TRUE(apps.contains("<td>1 / 2</td>"));
  EXPECT_TRUE(apps.contains("192.168.2.10:8080"));
  EXPECT_FALSE(apps.contains("parking")) << "another site's app";
}

TEST_F(SiteMonitoringTest, TheHostTableAndTheRunningContainersUse) {
  SiteMonitoring m;
  ASSERT_TRUE(m.load(path_));
  const QString hosts = m.hostsHtml(site_s001());
  EXPECT_TRUE(hosts.contains("<td>s001-a</td><td>running</td><td>3</td><td>6.0</td><td>12288</td>"))
      << hosts.toStdString();
  EXPECT_TRUE(hosts.contains("offline"));
  EXPECT_TRUE(hosts.contains("s001-a/access-control-0"));
  EXPECT_FALSE(hosts.contains("s001-b/parking-0")) << "stopped at the end: uses nothing";
}

TEST_F(SiteMonitoringTest, EachBoxsDayAndPeakHour) {
  SiteMonitoring m;
  ASSERT_TRUE(m.load(path_));
  const auto day = m.day("s001-a");
  ASSERT_TRUE(day.has_value());
  EXPECT_EQ(day->peak_hour, 18);
  EXPECT_DOUBLE_EQ(day->cpu[18], 0.8);
  EXPECT_DOUBLE_EQ(day->memory[3], 0.25);
  EXPECT_FALSE(m.day("s001-b").has_value());
}

TEST_F(SiteMonitoringTest, AFileThatIsNotAResultIsNotKept) {
  SiteMonitoring m;
  EXPECT_FALSE(m.load(dir_.filePath("missing.json")));
  EXPECT_FALSE(m.loaded());
  EXPECT_TRUE(m.appsHtml("s001").isEmpty());
}

}  // namespace
}  // namespace edgetwin::gui
