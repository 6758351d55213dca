// Issue 17, item 1: one datagram forged by a stranger on the LAN with the peer's, the NAS's or
// the cloud's address used to be obeyed. The authenticated envelope drops it and counts why;
// the same message sealed by the real sender still works (so the drop is the tag, not the
// content).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>

#include "edgetwin/firmware/data/replication_messages.hpp"
#include "edgetwin/firmware/orchestration/desired_messages.hpp"
#include "fixtures/data_fixture.hpp"
#include "fixtures/site_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;
constexpr std::uint64_t kHuge = std::numeric_limits<std::uint64_t>::max();

fw::Bytes desired(std::uint64_t generation, bool with_app) {
  fw::SiteDesiredState s;
  s.site = "s001";
  s.generation = generation;
  std::vector<fw::ContainerSpec> containers;
  if (with_app) containers.push_back({"door-0", "door", 0.5, 1, 256, 512, 0, "", true});
  s.nodes.push_back({"s001-a", containers});
  return fw::encode_envelope(fw::MessageType::desired_state, 1, *s.encode());
}

// Every test runs with the full MAC (a box's) and with the twin's stand-in: both must drop the
// same forgeries for the same reasons (wire_keys.hpp, MacStrength).
class EnvelopeForgery : public ::testing::TestWithParam<fw::MacStrength> {
 protected:
  void SetUp() override { set_test_mac_strength(GetParam()); }
  void TearDown() override { set_test_mac_strength(fw::MacStrength::full); }
};

std::uint64_t forged_at(const fw::Inbox& inbox) {
  return inbox.stats().unauthenticated.of(fw::AuthDrop::forged);
}

TEST_P(EnvelopeForgery, ADesiredStateForgedWithTheCloudsAddressIsDropped) {
  SiteFixture site;
  site.power_on_all();
  site.network.run_for(Duration::seconds(1));
  site.network.inject("cloud", "s001-a", seal_as(site.network, "cloud", "s001-a", desired(1, true)));
  site.network.run_for(Duration::milliseconds(50));
  ASSERT_TRUE(site.a().test_runtime().running("door-0"));
  site.network.inject("cloud", "s001-a", desired(kHuge, false));  // a stranger, spoofing
  site.network.run_for(Duration::milliseconds(50));
  EXPECT_TRUE(site.a().test_runtime().running("door-0")) << "a forged state stopped the apps";
  EXPECT_EQ(site.agent_a().desired_state()->reconciler().generation(), 1u);
  EXPECT_EQ(forged_at(site.agent_a().inbox()), 1u);
  site.network.inject("cloud", "s001-a", seal_as(site.network, "cloud", "s001-a", desired(2, false)));
  site.network.run_for(Duration::milliseconds(50));
  EXPECT_FALSE(site.a().test_runtime().running("door-0"));
}

TEST_P(EnvelopeForgery, AReplicationTermForgedWithThePeersAddressIsDropped) {
  TestNetwork net;
  fw::HeartbeatTiming timing;
  for (auto [self, peer, prio, rank] :
       {std::tuple{"s001-a", "s001-b", 150, 1}, std::tuple{"s001-b", "s001-a", 100, 2}}) {
    net.add_node(self, [=](fw::Platform& p) {
      auto c = ha_box_config(self, peer, prio, timing);
      c.data = {data_config(peer, static_cast<std::uint8_t>(rank), true)};
      return std::make_unique<fw::BoxAgent>(p, c);
    });
  }
  for (const char* n : {"s001-a", "s001-b"}) net.node(n).power_on();
  net.run_for(Duration::seconds(10));
  auto& b = static_cast<fw::BoxAgent&>(*net.node("s001-b").agent());
  const std::uint64_t term = b.data_services().at("mysql")->term();
  fw::ReplAppend m;
  m.app = "mysql";
  m.term = kHuge;
  net.inject("s001-a", "s001-b", fw::encode_envelope(fw::MessageType::repl_append, 1, m.encode()));
  net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(b.data_services().at("mysql")->term(), term) << "a forged term was adopted";
  EXPECT_EQ(forged_at(b.inbox()), 1u);
}

TEST_P(EnvelopeForgery, AVolumeTermForgedWithABoxsAddressIsDropped) {
  NasSite site;
  site.svc("s001-a").set_vip_held(true);
  site.client().write("s001-a", 1, 1);
  site.net.run_for(Duration::milliseconds(50));
  const std::uint64_t term = site.volume()->current_term();
  site.net.inject("s001-b", "nas.s001",
                  fw::encode_envelope(fw::MessageType::data_write, 1,
                                      fw::DataWrite{"mysql", 7, 99, kHuge}.encode()));
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.volume()->current_term(), term) << "the volume took a forged term";
  const auto& nas = static_cast<fw::WitnessAgent&>(*site.net.node("nas.s001").agent());
  EXPECT_EQ(forged_at(nas.inbox()), 1u);
}

// A forged epoch used to be remembered before anything was checked: one datagram with epoch
// 2^32-1 made the peer's genuine heartbeats stale for kIncarnationSilence.
TEST_P(EnvelopeForgery, AForgedEpochDoesNotMakeThePeerStale) {
  SiteFixture site;
  site.power_on_all();
  site.network.run_for(Duration::seconds(2));
  site.network.inject("s001-b", "s001-a",
                      fw::encode_envelope(fw::MessageType::peer_heartbeat, 0xffffffffu,
                                          fw::PeerHeartbeat{"s001-b", 1'000}.encode()));
  site.network.run_for(Duration::seconds(5));
  EXPECT_EQ(site.agent_a().inbox().stale(), 0u);
  EXPECT_EQ(site.agent_a().peers()->state_of("s001-b"), fw::PeerState::up);
}

// A datagram the peer really sent, recorded and sent again, is dropped as a replay.
TEST_P(EnvelopeForgery, ARecordedDatagramPlayedAgainIsDropped) {
  SiteFixture site;
  site.power_on_all();
  site.network.run_for(Duration::seconds(2));
  const fw::Bytes recorded =
      seal_as(site.network, "s001-b", "s001-a",
              fw::encode_envelope(fw::MessageType::peer_heartbeat, site.agent_b().boot_epoch(),
                                  fw::PeerHeartbeat{"s001-b", 1'000}.encode()));
  site.network.inject("s001-b", "s001-a", recorded);
  site.network.run_for(Duration::milliseconds(10));
  EXPECT_EQ(site.agent_a().inbox().stats().unauthenticated.total(), 0u);
  site.network.inject("s001-b", "s001-a", recorded);
  site.network.run_for(Duration::milliseconds(10));
  EXPECT_EQ(site.agent_a().inbox().stats().unauthenticated.of(fw::AuthDrop::replayed), 1u);
}

INSTANTIATE_TEST_SUITE_P(BothStrengths, EnvelopeForgery,
                         ::testing::Values(fw::MacStrength::full, fw::MacStrength::twin),
                         [](const auto& info) {
                           return info.param == fw::MacStrength::full ? "full" : "twin";
                         });

}  // namespace
}  // namespace edgetwin::testing
