// A box that lost its boot-epoch record (wiped state, a replacement box with the same name)
// restarts at epoch 1. Its peer and the cloud must hear it as a new incarnation, not drop it as
// stale until they restart themselves (issue 16, item 6).
#include <gtest/gtest.h>

#include "edgetwin/firmware/alerts/condition_messages.hpp"
#include "edgetwin/firmware/wire/envelope_seal.hpp"
#include "edgetwin/firmware/wire/inbox.hpp"
#include "edgetwin/firmware/wire/messages.hpp"
#include "edgetwin/firmware/wire/wire.hpp"
#include "fixtures/site_fixture.hpp"
#include "edgetwin/testing/test_keys.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

fw::HeartbeatTiming fast_timing() {
  fw::HeartbeatTiming t;
  t.peer_interval = Duration::milliseconds(200);
  t.peer_timeout = Duration::milliseconds(700);
  t.cloud_interval = Duration::seconds(2);
  t.cloud_timeout = Duration::seconds(7);
  return t;
}

// As s001-b sends it: sealed with the site key, each with a counter of its own.
fw::Bytes heartbeat(std::uint32_t epoch) {
  static std::uint64_t counter = 0;
  fw::Bytes d = fw::encode_envelope(fw::MessageType::peer_heartbeat, epoch,
                                    fw::PeerHeartbeat{"s001-b", 1}.encode());
  fw::seal_envelope(d, ++counter, test_site_key(), "s001-b");
  return d;
}

TEST(Incarnation, TheInboxTakesALowerEpochForANewIncarnationOnlyAfterSilence) {
  fw::Inbox inbox(test_site_member_keys());
  const fw::Address b{"s001-b"};
  const fw::Time t0 = fw::Time{} + Duration::seconds(100);
  ASSERT_TRUE(inbox.accept(b, heartbeat(5), t0));
  // A delayed datagram of an earlier boot, while the sender still talks: stale.
  EXPECT_FALSE(inbox.accept(b, heartbeat(4), t0 + Duration::seconds(1)));
  ASSERT_TRUE(inbox.accept(b, heartbeat(5), t0 + Duration::seconds(2)));
  EXPECT_FALSE(inbox.accept(
      b, heartbeat(1),
      t0 + Duration::seconds(2) + fw::Inbox::kIncarnationSilence - Duration::milliseconds(1)));
  // Silent for the whole bound: epoch 1 is the box restarted without its epoch record.
  EXPECT_TRUE(
      inbox.accept(b, heartbeat(1), t0 + Duration::seconds(2) + fw::Inbox::kIncarnationSilence));
  EXPECT_TRUE(inbox.accept(b, heartbeat(1), t0 + Duration::seconds(13)));
  EXPECT_EQ(inbox.stats().stale, 2u);
  EXPECT_EQ(inbox.stats().incarnations, 1u);
}

// b boots three times, then loses its disk while it is off.
void wipe_b_after_three_boots(SiteFixture& site, Duration off_for) {
  site.power_on_all();
  site.network.run_for(Duration::seconds(3));
  for (int reboot = 0; reboot < 2; ++reboot) {
    site.b().power_off();
    site.b().power_on();
    site.network.run_for(Duration::seconds(3));
  }
  ASSERT_EQ(site.agent_b().boot_epoch(), 3u);
  site.b().power_off();
  site.b().memory_disk().wipe();
  site.network.run_for(off_for);
  site.b().power_on();
  ASSERT_EQ(site.agent_b().boot_epoch(), 1u);
}

TEST(Incarnation, AWipedBoxIsHeardByItsPeerAndTheCloud) {
  SiteFixture site(fast_timing());
  wipe_b_after_three_boots(site, Duration::seconds(30));  // a replacement takes a while
  site.network.run_for(Duration::seconds(5));
  EXPECT_EQ(site.agent_a().peers()->state_of("s001-b"), fw::PeerState::up)
      << "a drops the wiped box's heartbeats as stale";
  EXPECT_EQ(site.agent_a().inbox().stale(), 0u);
  EXPECT_EQ(site.agent_a().inbox().stats().incarnations, 1u);
  EXPECT_EQ(site.cloud_agent().registry().rows().at("s001-b").status, "running");
  EXPECT_EQ(site.cloud_agent().inbox().stale(), 0u);
  EXPECT_EQ(site.cloud_agent().inbox().stats().incarnations, 1u);
}

TEST(Incarnation, TheCloudTakesTheConditionReportsOfAWipedBox) {
  SiteFixture site(fast_timing());
  wipe_b_after_three_boots(site, Duration::seconds(30));
  site.network.run_for(Duration::seconds(5));
  fw::ConditionReport report;
  report.seq = 1'000;  // above what the new incarnation sent itself
  report.conditions = {{fw::ConditionKind::data_async, "mysql", 7'000, 0}};
  site.network.inject("s001-b", "cloud",
                      seal_as(site.network, "s001-b", "cloud",
                              fw::encode_envelope(fw::MessageType::condition_report, 1, report.encode())));
  site.network.run_for(Duration::milliseconds(10));
  bool raised = false;
  for (const auto& e : site.cloud().recorded("alert.raised"))
    raised = raised || e.fields.value("rule", "") == "data_async";
  EXPECT_TRUE(raised) << "the cloud took the new incarnation's report for an older boot's";
}

// Back sooner than the silence that tells a restart from a delayed datagram: ignored for at
// most Inbox::kIncarnationSilence after its last message, never until the peer restarts.
TEST(Incarnation, AWipedBoxBackAtOnceIsHeardAfterTheIncarnationSilence) {
  SiteFixture site(fast_timing());
  wipe_b_after_three_boots(site, Duration::zero());
  site.network.run_for(fw::Inbox::kIncarnationSilence + Duration::seconds(3));
  EXPECT_EQ(site.agent_a().peers()->state_of("s001-b"), fw::PeerState::up);
  EXPECT_EQ(site.cloud_agent().registry().rows().at("s001-b").status, "running");
}

}  // namespace
}  // namespace edgetwin::testing
