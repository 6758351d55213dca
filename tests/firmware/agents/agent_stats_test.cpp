// An agent composes its components' statistics into one struct, the one the twin sums and
// edgeboxd prints.
#include "edgetwin/firmware/agents/agent_stats.hpp"

#include <gtest/gtest.h>

#include "edgetwin/firmware/wire/wire.hpp"
#include "fixtures/site_fixture.hpp"
#include "edgetwin/testing/test_keys.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

TEST(AgentStats, ABoxComposesItsInboxAndHeartbeatsAndCountsWhatItDrops) {
  SiteFixture site;
  site.power_on_all();
  site.network.run_for(Duration::seconds(10));
  fw::AgentStats a = site.agent_a().stats();
  ASSERT_TRUE(a.peers.has_value());
  EXPECT_GE(a.peers->heartbeats_sent, 9u);  // one a second to its one peer
  EXPECT_GE(a.peers->heartbeats_received, 9u);
  EXPECT_EQ(a.peers->declared_up, 1u);
  ASSERT_EQ(a.inboxes.size(), 1u);
  EXPECT_GE(a.inboxes[0].accepted, a.peers->heartbeats_received);
  EXPECT_EQ(a.malformed_total(), 0u);

  // Garbage and a heartbeat from a stranger without the key: counted, never trusted; and one
  // from a site member that is not a peer of this box (it holds the site key).
  site.network.inject("mallory", "s001-a", fw::Bytes{std::byte{0xff}, std::byte{0x01}});
  const fw::PeerHeartbeat forged{"mallory", 1};
  site.network.inject("mallory", "s001-a",
                      fw::encode_envelope(fw::MessageType::peer_heartbeat, 1, forged.encode()));
  site.network.inject("mallory", "s001-a",
                      seal_as(site.network, "mallory", "s001-a",
                              fw::encode_envelope(fw::MessageType::peer_heartbeat, 1, forged.encode())));
  site.network.run_for(Duration::milliseconds(10));
  a = site.agent_a().stats();
  EXPECT_EQ(a.malformed_total(), 2u);
  EXPECT_EQ(a.peers->strangers, 1u);

  const auto json = fw::to_json(a);
  EXPECT_EQ(json["inbox"]["malformed"], 1);
  EXPECT_EQ(json["inbox"]["unauthenticated"]["forged"], 1);
  EXPECT_EQ(json["peers"]["strangers"], 1);
  EXPECT_EQ(json["container_restarts"], 0);
  EXPECT_FALSE(json.contains("vrrp"));  // this box has no HA configured
}

TEST(AgentStats, TheCloudReportsItsInbox) {
  SiteFixture site;
  site.power_on_all();
  site.network.run_for(Duration::seconds(30));
  const fw::AgentStats cloud = site.cloud_agent().stats();
  ASSERT_EQ(cloud.inboxes.size(), 1u);
  EXPECT_GT(cloud.inboxes[0].accepted, 0u);  // the boxes' reports
  EXPECT_FALSE(cloud.peers.has_value());
}

}  // namespace
}  // namespace edgetwin::testing
