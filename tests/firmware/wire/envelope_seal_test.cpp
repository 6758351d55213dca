// The authenticated envelope piece by piece: the tag, the replay window, the keys, and the
// inbox's drop reasons.
#include <gtest/gtest.h>

#include "edgetwin/firmware/wire/channel_macs.hpp"
#include "edgetwin/firmware/wire/envelope_seal.hpp"
#include "edgetwin/firmware/wire/inbox.hpp"
#include "edgetwin/firmware/wire/issued_cloud_keys.hpp"
#include "edgetwin/firmware/wire/messages.hpp"
#include "edgetwin/firmware/wire/replay_window.hpp"
#include "edgetwin/firmware/wire/wire_keys.hpp"

namespace edgetwin::fw {
namespace {

WireKey key_of(unsigned char b) {
  WireKey k{};
  k.fill(b);
  return k;
}

MacStrength g_strength = MacStrength::full;

Bytes sealed_heartbeat(std::uint64_t counter, const WireKey& key = key_of(1),
                       const char* sender = "s001-b", std::uint32_t epoch = 3) {
  Bytes d = encode_envelope(MessageType::peer_heartbeat, epoch, PeerHeartbeat{sender, 9}.encode());
  seal_envelope(d, counter, WireMac(key, g_strength), sender);
  return d;
}

bool authentic(const Bytes& d, const WireKey& key, const char* sender) {
  auto env = decode_envelope(d);
  return env.ok() && envelope_authentic(env.value(), WireMac(key, g_strength), sender);
}

// The full MAC (a box's) and the twin's stand-in drop the same forgeries (wire_keys.hpp).
class EnvelopeSeal : public ::testing::TestWithParam<MacStrength> {
 protected:
  void SetUp() override { g_strength = GetParam(); }
  void TearDown() override { g_strength = MacStrength::full; }
};

TEST_P(EnvelopeSeal, TheTagCoversTheBytesTheKeyAndTheSender) {
  const Bytes d = sealed_heartbeat(5);
  EXPECT_TRUE(authentic(d, key_of(1), "s001-b"));
  EXPECT_EQ(decode_envelope(d).value().counter, 5u);
  EXPECT_FALSE(authentic(d, key_of(2), "s001-b"));
  EXPECT_FALSE(authentic(d, key_of(1), "s001-a")) << "another member's datagram, re-addressed";
  for (std::size_t i = 0; i < d.size(); ++i) {
    Bytes altered = d;
    altered[i] ^= std::byte{0x01};
    EXPECT_FALSE(authentic(altered, key_of(1), "s001-b")) << "byte " << i;
  }
  const Bytes unsealed =
      encode_envelope(MessageType::peer_heartbeat, 3, PeerHeartbeat{"s001-b", 9}.encode());
  EXPECT_FALSE(authentic(unsealed, key_of(1), "s001-b"));
}

TEST(ReplayWindow, AcceptsEachCounterOnceWithinTheWindow) {
  ReplayWindow w;
  EXPECT_FALSE(w.accept(0)) << "an unsealed envelope's counter";
  EXPECT_TRUE(w.accept(1));
  EXPECT_FALSE(w.accept(1));
  EXPECT_TRUE(w.accept(10));
  EXPECT_TRUE(w.accept(5)) << "late but new";
  EXPECT_FALSE(w.accept(5));
  EXPECT_TRUE(w.accept(10 + ReplayWindow::kWidth - 1));
  EXPECT_TRUE(w.accept(11)) << "still inside the window";
  EXPECT_TRUE(w.accept(100'000));
  EXPECT_FALSE(w.accept(100'000 - ReplayWindow::kWidth)) << "older than the window";
  EXPECT_TRUE(w.accept(100'000 - ReplayWindow::kWidth + 1));
  EXPECT_FALSE(w.accept(10 + ReplayWindow::kWidth - 1));
}

TEST(WireKeys, EnrolmentKeysDeriveFromTheRootAndCarryActivationOnly) {
  const WireKey root = key_of(7);
  EXPECT_NE(derive_cloud_key(root, "s001-a"), derive_cloud_key(root, "s001-b"));
  EXPECT_NE(derive_cloud_key(root, "s001-a"), derive_cloud_key(key_of(8), "s001-a"));
  WireKeys box;
  box.site = key_of(1);
  box.enrolment = derive_cloud_key(root, "s001-a");
  box.cloud = key_of(9);  // issued at activation
  EXPECT_EQ(box.key_for(kCloudAddress, MessageType::activation_request), box.enrolment);
  EXPECT_EQ(box.key_for(kCloudAddress, MessageType::node_report), box.cloud);
  EXPECT_EQ(box.key_for({"s001-b"}, MessageType::peer_heartbeat), box.site);
  WireKeys cloud;
  cloud.cloud_root = root;
  cloud.issued = std::make_shared<IssuedCloudKeys>(MacStrength::full);
  EXPECT_EQ(cloud.key_for({"s001-a"}, MessageType::activation_done), box.enrolment);
  EXPECT_FALSE(cloud.key_for({"s001-a"}, MessageType::node_report).has_value())
      << "no cloud-link key before it is issued: the enrolment key is not one";
  cloud.issued->install("s001-a", *box.cloud);
  EXPECT_EQ(cloud.key_for({"s001-a"}, MessageType::node_report), box.cloud);
  EXPECT_FALSE(cloud.key_for({"s001-b"}, MessageType::node_report).has_value());
  cloud.issued->forget("s001-a");
  EXPECT_FALSE(cloud.key_for({"s001-a"}, MessageType::node_report).has_value());
  EXPECT_FALSE(WireKeys{}.key_for({"s001-b"}, MessageType::peer_heartbeat).has_value());
}

TEST_P(EnvelopeSeal, TheInboxDropsAndCountsEachReason) {
  WireKeys keys;
  keys.site = key_of(1);
  keys.strength = GetParam();
  Inbox inbox(keys);
  const Time now;
  EXPECT_TRUE(inbox.accept({"s001-b"}, sealed_heartbeat(1), now));
  EXPECT_FALSE(inbox.accept({"s001-b"}, sealed_heartbeat(1), now));                // replayed
  EXPECT_FALSE(inbox.accept({"s001-b"}, sealed_heartbeat(2, key_of(9)), now));     // forged
  EXPECT_FALSE(inbox.accept({"s001-c"}, sealed_heartbeat(3), now));                // forged
  EXPECT_TRUE(inbox.accept({"s001-b"}, sealed_heartbeat(2), now));
  Inbox deaf;  // no keys: nothing is accepted
  EXPECT_FALSE(deaf.accept({"s001-b"}, sealed_heartbeat(1), now));
  const auto& drops = inbox.stats().unauthenticated;
  EXPECT_EQ(drops.of(AuthDrop::replayed), 1u);
  EXPECT_EQ(drops.of(AuthDrop::forged), 2u);
  EXPECT_EQ(deaf.stats().unauthenticated.of(AuthDrop::no_key), 1u);
  EXPECT_EQ(inbox.stats().accepted, 2u);
  EXPECT_EQ(inbox.stats().dropped(), 3u);
}

TEST(InboxAuthentication, ANewBootNumbersFromOneAgain) {
  WireKeys keys;
  keys.site = key_of(1);
  Inbox inbox(keys);
  const Time now;
  EXPECT_TRUE(inbox.accept({"s001-b"}, sealed_heartbeat(1, key_of(1), "s001-b", 3), now));
  EXPECT_TRUE(inbox.accept({"s001-b"}, sealed_heartbeat(2, key_of(1), "s001-b", 3), now));
  EXPECT_TRUE(inbox.accept({"s001-b"}, sealed_heartbeat(1, key_of(1), "s001-b", 4), now));
  EXPECT_FALSE(inbox.accept({"s001-b"}, sealed_heartbeat(2, key_of(1), "s001-b", 3), now));
  EXPECT_EQ(inbox.stale(), 1u);
}

INSTANTIATE_TEST_SUITE_P(BothStrengths, EnvelopeSeal,
                         ::testing::Values(MacStrength::full, MacStrength::twin),
                         [](const auto& info) {
                           return info.param == MacStrength::full ? "full" : "twin";
                         });

}  // namespace
}  // namespace edgetwin::fw
