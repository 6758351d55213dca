#include <gtest/gtest.h>

#include "edgetwin/firmware/wire/messages.hpp"
#include "edgetwin/firmware/wire/wire.hpp"
#include "fixtures/site_fixture.hpp"
#include "edgetwin/testing/test_keys.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;
using fw::Time;

fw::HeartbeatTiming fast_timing() {
  fw::HeartbeatTiming t;
  t.peer_interval = Duration::milliseconds(200);
  t.peer_timeout = Duration::milliseconds(700);
  t.cloud_interval = Duration::seconds(2);
  t.cloud_timeout = Duration::seconds(7);
  return t;
}

TEST(PeerHeartbeat, BothPeersComeUpAfterBoot) {
  SiteFixture site;
  site.power_on_all();
  site.network.run_for(Duration::seconds(2));
  EXPECT_EQ(site.agent_a().peers()->state_of("s001-b"), fw::PeerState::up);
  EXPECT_EQ(site.agent_b().peers()->state_of("s001-a"), fw::PeerState::up);
  EXPECT_TRUE(site.a().recorded("peer.down").empty());
}

// Detection happens exactly `peer_timeout` after the last heartbeat heard, so from the crash
// it takes between timeout - interval and timeout + one hop.
TEST(PeerHeartbeat, DetectionTimeIsExactlyTheConfiguredTimeout) {
  for (const auto& timing : {fw::HeartbeatTiming{}, fast_timing()}) {
    SiteFixture site(timing);
    site.power_on_all();
    site.network.run_for(Duration::seconds(10));
    const Time crash = site.network.now();
    site.b().power_off();
    site.network.run_for(Duration::seconds(10));

    auto down = site.a().recorded("peer.down");
    ASSERT_EQ(down.size(), 1u);
    EXPECT_EQ(down[0].fields["peer"], "s001-b");
    EXPECT_DOUBLE_EQ(down[0].fields["silent_s"].get<double>(), timing.peer_timeout.to_seconds());
    const Duration detect = down[0].t - crash;
    const Duration hop = Duration::milliseconds(1);
    EXPECT_LE(detect, timing.peer_timeout + hop);
    EXPECT_GE(detect, timing.peer_timeout - timing.peer_interval);
  }
}

TEST(PeerHeartbeat, RebootedPeerComesBackUpWithAHigherEpoch) {
  SiteFixture site;
  site.power_on_all();
  site.network.run_for(Duration::seconds(5));
  EXPECT_EQ(site.agent_b().boot_epoch(), 1u);
  site.b().power_off();
  site.network.run_for(Duration::seconds(5));
  site.b().power_on();
  site.network.run_for(Duration::seconds(3));
  EXPECT_EQ(site.agent_b().boot_epoch(), 2u);  // synced to disk, survived the power loss
  EXPECT_EQ(site.agent_a().peers()->state_of("s001-b"), fw::PeerState::up);
  ASSERT_EQ(site.a().recorded("peer.up").size(), 2u);
}

TEST(PeerHeartbeat, StaleMessageFromBeforeARebootIsDroppedAndCounted) {
  SiteFixture site(fast_timing());
  site.power_on_all();
  site.network.run_for(Duration::seconds(2));
  site.b().power_off();
  site.b().power_on();  // epoch 2
  site.network.run_for(Duration::seconds(2));
  const auto downs_before = site.a().recorded("peer.down").size();
  // b goes silent for good; a delayed heartbeat of its first incarnation then arrives.
  site.b().power_off();
  site.network.run_for(Duration::milliseconds(600));
  const fw::Bytes old = fw::encode_envelope(fw::MessageType::peer_heartbeat, 1,
                                            fw::PeerHeartbeat{"s001-b", 3}.encode());
  site.network.inject("s001-b", "s001-a", seal_as(site.network, "s001-b", "s001-a", old));
  site.network.run_for(Duration::milliseconds(200));
  EXPECT_EQ(site.agent_a().inbox().stale(), 1u);
  // Had it been trusted, it would have re-armed the deadline past this point.
  EXPECT_EQ(site.a().recorded("peer.down").size(), downs_before + 1);
}

TEST(PeerHeartbeat, MalformedDatagramsAreDroppedAndCountedByReason) {
  SiteFixture site;
  site.power_on_all();
  site.network.run_for(Duration::seconds(2));
  fw::Bytes good = fw::encode_envelope(fw::MessageType::peer_heartbeat, 1,
                                       fw::PeerHeartbeat{"s001-b", 99}.encode());
  fw::Bytes bad_magic = good;
  bad_magic[0] = std::byte{0};
  fw::Bytes cut(good.begin(), good.end() - 3);
  fw::Bytes liar = fw::encode_envelope(fw::MessageType::peer_heartbeat, 1,
                                       fw::PeerHeartbeat{"s001-x", 1}.encode());
  site.network.inject("s001-b", "s001-a", bad_magic);
  site.network.inject("s001-b", "s001-a", cut);
  site.network.inject("s001-b", "s001-a", fw::Bytes(3, std::byte{0xff}));
  site.network.inject("s001-b", "s001-a", seal_as(site.network, "s001-b", "s001-a", liar));  // claims to be another box
  site.network.run_for(Duration::milliseconds(10));
  const auto& bad = site.agent_a().inbox().malformed();
  EXPECT_EQ(bad.of(fw::DecodeError::bad_magic), 1u);
  EXPECT_EQ(bad.of(fw::DecodeError::truncated), 2u);
  EXPECT_EQ(bad.of(fw::DecodeError::bad_payload), 1u);
  EXPECT_EQ(bad.total(), 4u);
  EXPECT_EQ(site.agent_a().peers()->state_of("s001-b"), fw::PeerState::up);
}

TEST(PeerHeartbeat, PartitionMakesBothSidesSeeTheOtherDownAndHealBringsThemBack) {
  SiteFixture site(fast_timing());
  site.power_on_all();
  site.network.run_for(Duration::seconds(2));
  site.network.partition("s001-a", "s001-b");
  site.network.run_for(Duration::seconds(2));
  EXPECT_EQ(site.agent_a().peers()->state_of("s001-b"), fw::PeerState::down);
  EXPECT_EQ(site.agent_b().peers()->state_of("s001-a"), fw::PeerState::down);
  site.network.heal("s001-a", "s001-b");
  site.network.run_for(Duration::seconds(1));
  EXPECT_EQ(site.agent_a().peers()->state_of("s001-b"), fw::PeerState::up);
  EXPECT_EQ(site.agent_b().peers()->state_of("s001-a"), fw::PeerState::up);
}

TEST(PeerHeartbeat, ModerateLossDoesNotFlapTheVerdict) {
  SiteFixture site;  // 1 s heartbeats, 3 s timeout: three in a row must be lost
  site.network.set_default_link({Duration::milliseconds(1), 0.2, 0.1});
  site.power_on_all();
  site.network.run_for(Duration::seconds(60));
  // P(3 consecutive losses) = 0.8% per heartbeat: a minute may see one, never a storm.
  EXPECT_LE(site.a().recorded("peer.down").size(), 1u);
  EXPECT_EQ(site.agent_a().inbox().malformed().total(), 0u);  // duplicates are not malformed
}

TEST(CloudHeartbeat, CloudMarksASilentNodeOfflineExactlyAfterTheTimeout) {
  SiteFixture site(fast_timing());
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  EXPECT_EQ(site.cloud_agent().registry().running_count(), 2);
  site.b().power_off();
  site.network.run_for(Duration::seconds(10));
  const auto& row = site.cloud_agent().registry().rows().at("s001-b");
  EXPECT_EQ(row.status, "offline");
  auto status = site.cloud().recorded("node.status");
  ASSERT_FALSE(status.empty());
  EXPECT_EQ(status.back().fields["to"], "offline");
  EXPECT_EQ(status.back().t - row.last_update, site.timing.cloud_timeout);
  EXPECT_EQ(site.cloud_agent().registry().running_count(), 1);
}

TEST(CloudHeartbeat, BoxNoticesTheCloudLinkLossAndRecovery) {
  SiteFixture site(fast_timing());
  site.power_on_all();
  site.network.run_for(Duration::seconds(5));
  EXPECT_TRUE(site.agent_a().cloud()->connected());
  site.network.partition("s001-a", "cloud");
  site.network.run_for(Duration::seconds(10));
  EXPECT_FALSE(site.agent_a().cloud()->connected());
  EXPECT_TRUE(site.agent_b().cloud()->connected());
  EXPECT_EQ(site.agent_a().peers()->state_of("s001-b"), fw::PeerState::up);  // LAN unaffected
  site.network.heal("s001-a", "cloud");
  site.network.run_for(Duration::seconds(3));
  EXPECT_TRUE(site.agent_a().cloud()->connected());
}

TEST(Determinism, SameSeedSameEventsOtherSeedOtherPhases) {
  auto trace = [](std::uint64_t seed) {
    SiteFixture site({}, seed);
    site.power_on_all();
    site.network.run_for(Duration::seconds(20));
    std::string out;
    for (const auto& e : site.cloud().recorded()) out += std::to_string(e.t.count_ns()) + e.kind + e.fields.dump() + "\n";
    return out;
  };
  EXPECT_EQ(trace(5), trace(5));
  EXPECT_NE(trace(5), trace(6));
}

}  // namespace
}  // namespace edgetwin::testing
