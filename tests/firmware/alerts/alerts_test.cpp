// The cloud's monitoring and alert rules, end to end over the test network: the boxes'
// ConditionTracker reports, the cloud's AlertEngine raises and clears.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "edgetwin/firmware/alerts/condition_messages.hpp"
#include "fixtures/site_fixture.hpp"
#include "edgetwin/testing/test_keys.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;
using fw::Time;

std::vector<RecordedEvent> alerts(SiteFixture& site, const std::string& kind,
                                  const std::string& rule) {
  std::vector<RecordedEvent> out;
  for (auto& e : site.cloud().recorded(kind))
    if (e.fields.value("rule", "") == rule) out.push_back(e);
  return out;
}

fw::ContainerSpec web(const std::string& name, double cpu = 1) {
  return {name, "web", cpu, cpu * 2, 512, 1024, 0, "", true};
}

// Two boxes running, reports heard, snapshots acknowledged.
void settle(SiteFixture& site) {
  site.a().runtime().start(web("web-0"));
  site.power_on_all();
  site.network.run_for(Duration::seconds(60));
}

TEST(Alerts, ContainerCrashRaisesOnceWithItsProbeTimeAndClearsWhenServingAgain) {
  SiteFixture site;
  settle(site);
  const Time crash_at = site.network.now();
  site.a().test_runtime().crash("web-0");
  site.network.run_for(Duration::seconds(180));

  const auto raised = alerts(site, "alert.raised", "app_unhealthy");
  ASSERT_EQ(raised.size(), 1u);
  const auto& f = raised[0].fields;
  EXPECT_EQ(f["box"], "s001-a");
  EXPECT_EQ(f["subject"], "web-0");
  EXPECT_FALSE(f["while_unreachable"].get<bool>());
  // Began at the first failed probe (every 10 s); raised at the next report after the third.
  const double began_s = f["began_s"].get<double>();
  EXPECT_GE(began_s, crash_at.to_seconds());
  EXPECT_LE(began_s, crash_at.to_seconds() + 10.0 + 1e-3);
  const double delay_s = f["delay_s"].get<double>();
  EXPECT_NEAR(delay_s, raised[0].t.to_seconds() - began_s, 1e-6);
  EXPECT_GE(delay_s, 20.0 - 1e-3);  // three probes 10 s apart
  EXPECT_LE(delay_s, 30.0 + 1e-3);  // and at most one report interval more
  // The only replica: the app was unavailable on the site too, from the same instant.
  const auto unavailable = alerts(site, "alert.raised", "app_unavailable");
  ASSERT_EQ(unavailable.size(), 1u);
  EXPECT_EQ(unavailable[0].fields["subject"], "web");
  EXPECT_DOUBLE_EQ(unavailable[0].fields["began_s"].get<double>(), began_s);
  // Restarted and ready again: both cleared, nothing left active, nothing raised twice.
  EXPECT_EQ(alerts(site, "alert.cleared", "app_unhealthy").size(), 1u);
  EXPECT_EQ(alerts(site, "alert.cleared", "app_unavailable").size(), 1u);
  EXPECT_TRUE(site.cloud_agent().alerts().active().empty());
  EXPECT_EQ(site.cloud_agent().alerts().raised_total(), 2u);
}

TEST(Alerts, AConditionsBeginningIsTheCloudsNowMinusItsReportedAge) {
  SiteFixture site;
  settle(site);
  fw::ConditionReport report;
  report.seq = 1;
  report.conditions = {{fw::ConditionKind::data_async, "mysql", 7000, 0}};
  // A later boot of s001-a (epoch 2), as the box would send it.
  site.network.inject("s001-a", "cloud",
                      seal_as(site.network, "s001-a", "cloud",
                              fw::encode_envelope(fw::MessageType::condition_report, 2,
                                                  report.encode())));
  const Time arrived = site.network.now();
  site.network.run_for(Duration::milliseconds(1));
  const auto raised = alerts(site, "alert.raised", "data_async");
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_NEAR(raised[0].fields["began_s"].get<double>(), arrived.to_seconds() - 7.0, 1e-6);
  EXPECT_NEAR(raised[0].fields["delay_s"].get<double>(), 7.0, 1e-6);
  // The same report again (a duplicate) raises nothing more.
  site.network.inject("s001-a", "cloud",
                      seal_as(site.network, "s001-a", "cloud",
                              fw::encode_envelope(fw::MessageType::condition_report, 2,
                                                  report.encode())));
  site.network.run_for(Duration::milliseconds(1));
  EXPECT_EQ(alerts(site, "alert.raised", "data_async").size(), 1u);
}

TEST(Alerts, ACrashDuringAWanOutageArrivesFlaggedWithItsTrueBeginning) {
  SiteFixture site;
  settle(site);
  for (const char* box : {"s001-a", "s001-b"}) site.network.partition(box, "cloud");
  const Time cut_at = site.network.now();
  site.network.run_for(Duration::seconds(20));
  const Time crash_at = site.network.now();
  site.a().test_runtime().hang("web-0");
  site.network.run_for(Duration::seconds(100));
  // Meanwhile the cloud only saw the boxes go silent: the site's apps are unknown, not down.
  EXPECT_EQ(alerts(site, "alert.raised", "box_offline").size(), 2u);
  EXPECT_TRUE(alerts(site, "alert.raised", "app_unhealthy").empty());
  EXPECT_TRUE(alerts(site, "alert.raised", "app_unavailable").empty());
  for (const char* box : {"s001-a", "s001-b"}) site.network.heal(box, "cloud");
  const Time healed_at = site.network.now();
  site.network.run_for(Duration::seconds(30));

  const auto raised = alerts(site, "alert.raised", "app_unhealthy");
  ASSERT_EQ(raised.size(), 1u);
  const auto& f = raised[0].fields;
  EXPECT_TRUE(f["while_unreachable"].get<bool>());
  // The box that is heard first after the outage was as silent as the other: no false
  // unavailability of the app whose box is still offline in the node list.
  EXPECT_TRUE(alerts(site, "alert.raised", "app_unavailable").empty());
  const double began_s = f["began_s"].get<double>();
  EXPECT_GE(began_s, crash_at.to_seconds());
  EXPECT_LE(began_s, crash_at.to_seconds() + 10.0 + 1e-3);
  EXPECT_GE(raised[0].t, healed_at);
  EXPECT_LE(raised[0].t, healed_at + Duration::seconds(10) + Duration::milliseconds(10));
  // The box went offline at its last report before the cut: not a condition the cloud was deaf to.
  for (const auto& e : alerts(site, "alert.raised", "box_offline")) {
    EXPECT_FALSE(e.fields["while_unreachable"].get<bool>());
    EXPECT_LE(e.fields["began_s"].get<double>(), cut_at.to_seconds());
    EXPECT_NEAR(e.fields["delay_s"].get<double>(), 30.0, 10.0 + 1e-3);
  }
  EXPECT_EQ(alerts(site, "alert.cleared", "box_offline").size(), 2u);
}

TEST(Alerts, MalformedConditionReportsAreDroppedAndCounted) {
  SiteFixture site;
  settle(site);
  fw::ConditionReport good;
  good.seq = 5;
  good.containers = {{"web-0", "web", fw::ContainerState::failed, fw::ReportedReadiness::not_ready,
                      1000, 512, 4000}};
  auto truncated = good.encode();
  truncated.pop_back();
  auto trailing = good.encode();
  trailing.push_back(std::byte{0});
  auto bad_state = good.encode();
  bad_state[8 + 2 + 1 + 1 + 5 + 1 + 3] = std::byte{9};  // after seq, omitted, count, "web-0", "web"
  fw::ConditionReport one_shot_without_id;
  one_shot_without_id.seq = 6;
  one_shot_without_id.conditions = {{fw::ConditionKind::vip_failover, "s001-b", 10, 0}};
  const auto before = site.cloud_agent().inbox().malformed().of(fw::DecodeError::bad_payload);
  for (const auto& payload : {truncated, trailing, bad_state, one_shot_without_id.encode()})
    site.network.inject("s001-a", "cloud",
                        seal_as(site.network, "s001-a", "cloud",
                                fw::encode_envelope(fw::MessageType::condition_report, 1, payload)));
  site.network.run_for(Duration::zero());  // these four only, no other traffic
  EXPECT_EQ(site.cloud_agent().inbox().malformed().of(fw::DecodeError::bad_payload), before + 4);
  EXPECT_TRUE(site.cloud().recorded("alert.raised").empty());
  ASSERT_TRUE(fw::ConditionReport::decode(good.encode()));  // the unaltered one parses
}

TEST(Alerts, ResourcePressureAboveTheThresholdRaisesAndClears) {
  SiteFixture site;
  settle(site);
  site.a().runtime().start(web("web-1", 36));  // 37 of 40 CPUs requested: over 90 %
  site.network.run_for(Duration::seconds(20));
  const auto raised = alerts(site, "alert.raised", "resource_pressure");
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].fields["subject"], "cpu");
  site.a().runtime().stop("web-1");
  site.network.run_for(Duration::seconds(20));
  EXPECT_EQ(alerts(site, "alert.cleared", "resource_pressure").size(), 1u);
}

TEST(Alerts, HostAndAppMonitoringShowWhatTheBoxesReport) {
  SiteFixture site;
  site.b().runtime().start(web("web-1"));
  settle(site);
  const auto hosts = site.cloud_agent().alerts().hosts();
  ASSERT_EQ(hosts.size(), 2u);
  EXPECT_EQ(hosts[0].box, "s001-a");
  EXPECT_EQ(hosts[0].status, "running");
  EXPECT_EQ(hosts[0].cpus, 40u);
  EXPECT_EQ(hosts[0].cpu_request_milli, 1000u);
  EXPECT_EQ(hosts[0].containers, 1u);
  const auto apps = site.cloud_agent().alerts().apps();
  ASSERT_EQ(apps.size(), 1u);
  EXPECT_EQ(apps[0].app, "web");
  EXPECT_EQ(apps[0].replicas, 2);
  EXPECT_EQ(apps[0].serving, 2);
  EXPECT_EQ(apps[0].status, "serving");
  EXPECT_EQ(apps[0].containers, (std::vector<std::string>{"s001-a/web-0", "s001-b/web-1"}));
  // One replica down: degraded, but the app is still available (no app_unavailable alert).
  site.a().power_off();
  site.network.run_for(Duration::seconds(45));
  EXPECT_EQ(site.cloud_agent().alerts().apps()[0].status, "degraded");
  EXPECT_TRUE(alerts(site, "alert.raised", "app_unavailable").empty());
  EXPECT_EQ(alerts(site, "alert.raised", "box_offline").size(), 1u);
}

// The box dies, its peer is still heard: its only replica is down since its last report.
TEST(Alerts, AnAppWhoseOnlyReplicaWasOnADeadBoxIsUnavailableSinceItsLastReport) {
  SiteFixture site;
  settle(site);
  site.a().power_off();
  site.network.run_for(Duration::seconds(60));
  const auto offline = alerts(site, "alert.raised", "box_offline");
  const auto unavailable = alerts(site, "alert.raised", "app_unavailable");
  ASSERT_EQ(offline.size(), 1u);
  ASSERT_EQ(unavailable.size(), 1u);
  EXPECT_EQ(unavailable[0].fields["subject"], "web");
  EXPECT_DOUBLE_EQ(unavailable[0].fields["began_s"].get<double>(),
                   offline[0].fields["began_s"].get<double>());
  // Raised at the peer's first report after the offline verdict.
  EXPECT_GE(unavailable[0].t, offline[0].t);
  EXPECT_LE(unavailable[0].t, offline[0].t + Duration::seconds(10) + Duration::milliseconds(5));
}

// An unchanged, acknowledged snapshot is not sent again.
TEST(Alerts, AQuietBoxStopsSendingConditionReportsOnceAcknowledged) {
  SiteFixture site;
  settle(site);
  const auto sent = site.agent_a().conditions()->reports_sent();
  site.network.run_for(Duration::seconds(120));
  EXPECT_EQ(site.agent_a().conditions()->reports_sent(), sent);
  EXPECT_GE(sent, 1u);
}

}  // namespace
}  // namespace edgetwin::testing

namespace edgetwin::testing {
namespace {

// Two HA boxes: a is VRRP master; when it dies, b takes the VIP and the cloud hears of it once.
TEST(Alerts, AVipTakeoverIsRaisedOnceAsAOneShot) {
  fw::HeartbeatTiming timing;
  TestNetwork net;
  for (auto [self, peer, prio] :
       {std::tuple{"s001-a", "s001-b", 150}, std::tuple{"s001-b", "s001-a", 100}}) {
    net.add_node(self, [=](fw::Platform& p) {
      auto c = ha_box_config(self, peer, prio, timing);
      return std::make_unique<fw::BoxAgent>(p, c);
    });
  }
  net.add_node("cloud", [&](fw::Platform& p) {
    return std::make_unique<fw::CloudAgent>(
        p, std::vector<fw::CloudInventoryEntry>{{"s001-a", "s001"}, {"s001-b", "s001"}},
        timing.cloud_timeout, fw::ActivationServiceConfig{}, test_cloud_keys());
  });
  for (const char* n : {"cloud", "s001-a", "s001-b"}) net.node(n).power_on();
  net.run_for(Duration::seconds(60));
  EXPECT_TRUE(net.node("cloud").recorded("alert.raised").empty());  // the first election is not one
  const Time crash_at = net.now();
  net.node("s001-a").power_off();
  net.run_for(Duration::seconds(60));
  std::vector<RecordedEvent> takeovers;
  for (auto& e : net.node("cloud").recorded("alert.raised"))
    if (e.fields["rule"] == "vip_failover") takeovers.push_back(e);
  ASSERT_EQ(takeovers.size(), 1u);
  EXPECT_EQ(takeovers[0].fields["box"], "s001-b");
  EXPECT_EQ(takeovers[0].fields["subject"], "s001-a");
  EXPECT_TRUE(takeovers[0].fields["one_shot"].get<bool>());
  // Master_Down_Interval (3 adverts + skew 0.61 s) after a's last advert, which was sent at
  // most one advert interval before the crash; reported within one report interval.
  const double began_s = takeovers[0].fields["began_s"].get<double>();
  EXPECT_GE(began_s, crash_at.to_seconds() + 2.6);
  EXPECT_LE(began_s, crash_at.to_seconds() + 3.62);
  EXPECT_LE(takeovers[0].fields["delay_s"].get<double>(), 10.0 + 0.01);
}

}  // namespace
}  // namespace edgetwin::testing

namespace edgetwin::testing {
namespace {

// A rollout whose only site cannot pull pauses: the cloud raises rollout_paused at that instant.
TEST(Alerts, APausedRolloutRaisesAnAlertWhenItPauses) {
  fw::HeartbeatTiming timing;
  TestNetwork net(3);
  for (auto [self, peer] : {std::pair{"s001-a", "s001-b"}, std::pair{"s001-b", "s001-a"}})
    net.add_node(self, [&timing, self, peer](fw::Platform& p) {
      return std::make_unique<fw::BoxAgent>(p, box_config(self, peer, timing));
    });
  net.add_node("cloud", [&timing](fw::Platform& p) {
    auto cloud = std::make_unique<fw::CloudAgent>(
        p, std::vector<fw::CloudInventoryEntry>{{"s001-a", "s001"}, {"s001-b", "s001"}},
        timing.cloud_timeout, fw::ActivationServiceConfig{}, test_cloud_keys());
    fw::RolloutConfig config;
    config.plan.system = "smart-community";
    config.images = {{"parking", "2.4", 50 * 1024 * 1024}};
    config.sites = {{"s001", {"s001-a", "s001-b"}}};
    config.plan.pause_if_failed_sites = 1;
    config.start_after = Duration::seconds(10);
    cloud->set_rollout(config);
    return cloud;
  });
  for (const char* n : {"cloud", "s001-a", "s001-b"}) net.node(n).power_on();
  net.node("s001-a").set_pulls_failing(true);
  net.node("s001-b").set_pulls_failing(true);
  net.run_for(Duration::seconds(3600));
  const auto paused = net.node("cloud").recorded("rollout.paused");
  ASSERT_EQ(paused.size(), 1u);
  std::vector<RecordedEvent> raised;
  for (auto& e : net.node("cloud").recorded("alert.raised"))
    if (e.fields["rule"] == "rollout_paused") raised.push_back(e);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].t, paused[0].t);
  EXPECT_DOUBLE_EQ(raised[0].fields["delay_s"].get<double>(), 0.0);
  EXPECT_EQ(net.node("cloud").recorded("alert.cleared").size(), 0u);  // still paused
}

}  // namespace
}  // namespace edgetwin::testing
