#include "edgetwin/firmware/ha/vrrp_auth.hpp"

#include <gtest/gtest.h>

#include "edgetwin/firmware/ha/vrrp_packet.hpp"
#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

const std::uint32_t kA = *parse_ipv4("192.168.1.11");
const std::uint32_t kB = *parse_ipv4("192.168.1.12");

VrrpKey key_of(unsigned char fill) {
  VrrpKey k;
  k.fill(fill);
  return k;
}

Bytes advert_bytes(std::uint8_t priority = 100) {
  return encode_advert({1, priority, 100, {*parse_ipv4("192.168.1.100")}}, kA, kB);
}

std::uint64_t counter_of(const Bytes& sealed) {
  ByteReader r{
      std::span<const std::byte>(sealed).subspan(sealed.size() - kVrrpAuthTrailerBytes, 8)};
  return r.u64();
}

VrrpAuthError error_of(VrrpAuth& receiver, const Bytes& datagram) {
  auto opened = receiver.open(datagram, kA, kB);
  EXPECT_FALSE(opened.ok());
  return opened.ok() ? VrrpAuthError::too_many_senders : opened.error();
}

TEST(VrrpAuth, SealedAdvertOpensToTheAdvertWithAnEpochPrefixedCounter) {
  VrrpAuth sender(key_of(7), 3);
  VrrpAuth receiver(key_of(7), 1);
  const Bytes advert = advert_bytes();
  const Bytes sealed = sender.seal(advert, kA, kB);
  ASSERT_EQ(sealed.size(), advert.size() + kVrrpAuthTrailerBytes);
  EXPECT_EQ(counter_of(sealed), (std::uint64_t{3} << 32) | 1);
  auto opened = receiver.open(sealed, kA, kB);
  ASSERT_TRUE(opened.ok());
  EXPECT_TRUE(std::ranges::equal(opened.value(), advert));
}

TEST(VrrpAuth, WrongKeyIsForged) {
  VrrpAuth rogue(key_of(9), 1);
  VrrpAuth receiver(key_of(7), 1);
  EXPECT_EQ(error_of(receiver, rogue.seal(advert_bytes(255), kA, kB)), VrrpAuthError::forged);
}

TEST(VrrpAuth, AnyAlteredByteIsForged) {
  VrrpAuth sender(key_of(7), 1);
  const Bytes sealed = sender.seal(advert_bytes(), kA, kB);
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    VrrpAuth receiver(key_of(7), 1);
    Bytes tampered = sealed;
    tampered[i] ^= std::byte{0x01};
    EXPECT_EQ(error_of(receiver, tampered), VrrpAuthError::forged) << "byte " << i;
  }
}

TEST(VrrpAuth, AReflectedAdvertIsForged) {
  // A to B, replayed to A as if from B: the checksum alone would not tell (same pseudo-header
  // sum), the MAC over the addresses does.
  VrrpAuth sender(key_of(7), 1);
  VrrpAuth receiver(key_of(7), 1);
  const Bytes sealed = sender.seal(advert_bytes(), kA, kB);
  auto opened = receiver.open(sealed, kB, kA);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error(), VrrpAuthError::forged);
}

TEST(VrrpAuth, PlainOrShortDatagramsHaveNoTrailer) {
  VrrpAuth receiver(key_of(7), 1);
  EXPECT_EQ(error_of(receiver, advert_bytes()), VrrpAuthError::missing_trailer);  // keepalived
  EXPECT_EQ(error_of(receiver, Bytes(5)), VrrpAuthError::missing_trailer);
  VrrpAuth sender(key_of(7), 1);
  Bytes cut = sender.seal(advert_bytes(), kA, kB);
  cut.pop_back();
  EXPECT_EQ(error_of(receiver, cut), VrrpAuthError::missing_trailer);
}

TEST(VrrpAuth, ReplayIsRejectedAndReorderingWithinTheWindowIsAccepted) {
  VrrpAuth sender(key_of(7), 1);
  VrrpAuth receiver(key_of(7), 1);
  std::vector<Bytes> sealed;
  for (int i = 0; i < 100; ++i) sealed.push_back(sender.seal(advert_bytes(), kA, kB));
  // Counters 1..100 arrive as 70, then 10..69 backwards, then 7 (63 below 70: still in).
  EXPECT_TRUE(receiver.open(sealed[69], kA, kB).ok());
  for (int i = 68; i >= 9; --i) EXPECT_TRUE(receiver.open(sealed[i], kA, kB).ok()) << i;
  EXPECT_TRUE(receiver.open(sealed[6], kA, kB).ok());
  EXPECT_EQ(error_of(receiver, sealed[69]), VrrpAuthError::replayed);
  EXPECT_EQ(error_of(receiver, sealed[30]), VrrpAuthError::replayed);
  EXPECT_EQ(error_of(receiver, sealed[5]), VrrpAuthError::replayed);  // 64 below: too old
  EXPECT_TRUE(receiver.open(sealed[99], kA, kB).ok());
}

TEST(VrrpAuth, CountersKeepIncreasingAcrossReboots) {
  VrrpAuth receiver(key_of(7), 1);
  VrrpAuth first_boot(key_of(7), 1);
  Bytes old;
  for (int i = 0; i < 1000; ++i) old = first_boot.seal(advert_bytes(), kA, kB);
  ASSERT_TRUE(receiver.open(old, kA, kB).ok());
  VrrpAuth second_boot(key_of(7), 2);
  EXPECT_TRUE(receiver.open(second_boot.seal(advert_bytes(), kA, kB), kA, kB).ok());
  EXPECT_EQ(error_of(receiver, first_boot.seal(advert_bytes(), kA, kB)), VrrpAuthError::replayed);
}

// Found by `edgetwin explore` (cloud-witness seed 675): a box whose disk was replaced boots at
// epoch 1 again, and its peer dropped every advert it sent as a replay, for good. As the
// envelope's inbox does, a sender silent for kIncarnationSilence that comes back with lower
// counters is a new incarnation; while it keeps talking, a lower counter is still a replay.
TEST(VrrpAuth, AWipedSenderIsANewIncarnationAfterASilence) {
  const Time t0 = Time{} + Duration::seconds(100);
  VrrpAuth receiver(key_of(7), 1);
  VrrpAuth before_wipe(key_of(7), 5);
  ASSERT_TRUE(receiver.open(before_wipe.seal(advert_bytes(), kA, kB), kA, kB, t0).ok());
  VrrpAuth after_wipe(key_of(7), 1);
  const Bytes early = after_wipe.seal(advert_bytes(), kA, kB);
  auto too_soon = receiver.open(early, kA, kB, t0 + Duration::seconds(3));
  ASSERT_FALSE(too_soon.ok());
  EXPECT_EQ(too_soon.error(), VrrpAuthError::replayed);
  const Bytes late = after_wipe.seal(advert_bytes(), kA, kB);
  EXPECT_TRUE(receiver.open(late, kA, kB, t0 + VrrpAuth::kIncarnationSilence).ok());
  EXPECT_TRUE(receiver.open(after_wipe.seal(advert_bytes(), kA, kB), kA, kB,
                            t0 + VrrpAuth::kIncarnationSilence + Duration::seconds(1))
                  .ok());
  // The new incarnation talks: a replay of it, or of the old one, is refused again.
  auto replay = receiver.open(late, kA, kB, t0 + VrrpAuth::kIncarnationSilence + Duration::seconds(2));
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error(), VrrpAuthError::replayed);
}

TEST(VrrpAuth, WindowsAreKeptPerSenderAndBounded) {
  VrrpAuth receiver(key_of(7), 1);
  for (std::uint32_t i = 0; i < kVrrpAuthSendersMax; ++i) {
    VrrpAuth sender(key_of(7), 1);
    EXPECT_TRUE(receiver.open(sender.seal(advert_bytes(), kA + i, kB), kA + i, kB).ok()) << i;
  }
  VrrpAuth one_more(key_of(7), 1);
  const auto extra = kA + static_cast<std::uint32_t>(kVrrpAuthSendersMax);
  auto opened = receiver.open(one_more.seal(advert_bytes(), extra, kB), extra, kB);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error(), VrrpAuthError::too_many_senders);
}

TEST(VrrpReplayWindow, AcceptsEachCounterOnceWithinSixtyFourBelowTheHighest) {
  VrrpReplayWindow w;
  EXPECT_FALSE(w.accept(0));  // never produced: sequences start at 1
  EXPECT_TRUE(w.accept(100));
  EXPECT_TRUE(w.accept(37));   // 63 below
  EXPECT_FALSE(w.accept(36));  // 64 below
  EXPECT_FALSE(w.accept(37));
  EXPECT_TRUE(w.accept(100 + 64));  // shifts everything out
  EXPECT_FALSE(w.accept(100));
  EXPECT_TRUE(w.accept(101));
  EXPECT_EQ(w.highest(), 164u);
}

}  // namespace
}  // namespace edgetwin::fw
