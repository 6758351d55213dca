#include <gtest/gtest.h>

#include "fixtures/site_fixture.hpp"
#include "edgetwin/testing/test_keys.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

TEST(NodeList, ShowsTheConsoleColumnsFromReports) {
  SiteFixture site;
  // 10 of 40 CPUs requested, 20 limit; 64 GiB of 256 requested, 128 limit.
  site.a().runtime().start({"mysql-0", "mysql", 10, 20, 65536, 131072, 0, "", false});
  site.power_on_all();
  site.network.run_for(Duration::seconds(15));
  const auto& rows = site.cloud_agent().registry().rows();
  const auto& a = rows.at("s001-a");
  EXPECT_EQ(a.status, "running");
  EXPECT_EQ(a.ip, "192.168.1.11");
  EXPECT_EQ(a.configuration, "40C/256G/480G");
  EXPECT_DOUBLE_EQ(a.cpu_request_pct, 25.0);
  EXPECT_DOUBLE_EQ(a.cpu_limit_pct, 50.0);
  EXPECT_DOUBLE_EQ(a.memory_request_pct, 25.0);
  EXPECT_DOUBLE_EQ(a.memory_limit_pct, 50.0);
  EXPECT_GT(a.last_update.count_ns(), 0);
  EXPECT_DOUBLE_EQ(rows.at("s001-b").cpu_request_pct, 0.0);
}

TEST(NodeList, UnknownNodesAndForgedReportsAreNotTrusted) {
  SiteFixture site;
  site.power_on_all();
  site.network.run_for(Duration::seconds(1));
  // A report claiming to be s001-a but sent from another address.
  fw::NodeReport forged{"s001-a", "s001", "10.0.0.66", 40, 256, 480, 0, 0, 0, 0, 1};
  // From a box with a key of its own (an insider): past authentication, refused by content.
  site.network.inject("intruder", "cloud",
                      seal_as(site.network, "intruder", "cloud",
                              fw::encode_envelope(fw::MessageType::node_report, 1, forged.encode())));
  site.network.run_for(Duration::milliseconds(5));
  EXPECT_NE(site.cloud_agent().registry().rows().at("s001-a").ip, "10.0.0.66");
  EXPECT_EQ(site.cloud_agent().inbox().malformed().of(fw::DecodeError::bad_payload), 1u);
  EXPECT_FALSE(site.cloud_agent().registry().rows().contains("intruder"));
}

}  // namespace
}  // namespace edgetwin::testing
