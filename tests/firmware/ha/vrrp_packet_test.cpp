#include "edgetwin/firmware/ha/vrrp_packet.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace edgetwin::fw {
namespace {

const std::uint32_t kSrc = *parse_ipv4("192.168.1.11");
const std::uint32_t kDst = *parse_ipv4("192.168.1.12");

Bytes bytes_of(std::initializer_list<int> values) {
  Bytes out;
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

VrrpAdvert small_advert() { return {1, 100, 100, {*parse_ipv4("192.168.1.100")}}; }

// Rewrites the checksum after a test altered a field, so that only that field is wrong.
void fix_checksum(Bytes& message) {
  const std::uint16_t c = vrrp_checksum(message, kSrc, kDst);
  message[6] = static_cast<std::byte>(c >> 8);
  message[7] = static_cast<std::byte>(c & 0xff);
}

// The checksum of a small advert, worked out by hand (RFC 1071 over the pseudo-header of
// RFC 5798 5.2.8 and the message, checksum field zero), 16-bit words:
//   pseudo-header  C0A8 010B (src) + C0A8 010C (dst) + 0070 (zero, proto 112) + 000C (length 12)
//   message        3101 (v3, type 1, VRID 1) + 6401 (prio 100, 1 address) + 0064 (100 cs)
//                  + 0000 (checksum) + C0A8 0164 (192.168.1.100)
//   sum = 0x2DB55 -> folded 0xDB55 + 0x2 = 0xDB57 -> complement 0x24A8
TEST(VrrpPacket, EncodesTheRfcLayoutWithAHandComputedChecksum) {
  const Bytes expected =
      bytes_of({0x31, 0x01, 0x64, 0x01, 0x00, 0x64, 0x24, 0xA8, 0xC0, 0xA8, 0x01, 0x64});
  EXPECT_EQ(encode_advert(small_advert(), kSrc, kDst), expected);
  EXPECT_EQ(vrrp_checksum(expected, kSrc, kDst), 0x24A8);
}

TEST(VrrpPacket, RoundTripsSeveralAddressesAndTheLargestInterval) {
  VrrpAdvert advert{255, 254, kVrrpAdvertIntervalCsMax, {0x0A000001, 0x0A000002, 0xC0A80164}};
  const Bytes bytes = encode_advert(advert, kSrc, kDst);
  ASSERT_EQ(bytes.size(), kVrrpHeaderBytes + 12);
  auto decoded = decode_advert(bytes, kSrc, kDst, 255);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded.value(), advert);
}

TEST(VrrpPacket, ReservedBitsAreIgnoredOnReceipt) {
  Bytes bytes = encode_advert(small_advert(), kSrc, kDst);
  bytes[4] |= std::byte{0xF0};
  fix_checksum(bytes);
  auto decoded = decode_advert(bytes, kSrc, kDst, 1);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded.value().max_advert_interval_cs, 100);
}

TEST(VrrpPacket, ThePseudoHeaderBindsSourceAndDestination) {
  const Bytes bytes = encode_advert(small_advert(), kSrc, kDst);
  auto other_source = decode_advert(bytes, *parse_ipv4("192.168.1.13"), kDst, 1);
  ASSERT_FALSE(other_source.ok());
  EXPECT_EQ(other_source.error(), VrrpDecodeError::bad_checksum);
}

struct Mutation {
  const char* name;
  std::function<void(Bytes&)> apply;
  VrrpDecodeError expected;
};

TEST(VrrpPacket, RejectsEachMalformationAndCountsIt) {
  const std::vector<Mutation> mutations = {
      {"shorter than a header", [](Bytes& b) { b.resize(7); }, VrrpDecodeError::truncated},
      {"count says more",
       [](Bytes& b) {
         b[3] = std::byte{2};
         fix_checksum(b);
       },
       VrrpDecodeError::truncated},
      {"version 2",
       [](Bytes& b) {
         b[0] = std::byte{0x21};
         fix_checksum(b);
       },
       VrrpDecodeError::bad_version},
      {"type 2",
       [](Bytes& b) {
         b[0] = std::byte{0x32};
         fix_checksum(b);
       },
       VrrpDecodeError::bad_type},
      {"other VRID",
       [](Bytes& b) {
         b[1] = std::byte{2};
         fix_checksum(b);
       },
       VrrpDecodeError::bad_vrid},
      {"flipped bit", [](Bytes& b) { b[2] ^= std::byte{0x01}; }, VrrpDecodeError::bad_checksum},
      {"trailing byte",
       [](Bytes& b) {
         b.push_back(std::byte{0});
         fix_checksum(b);
       },
       VrrpDecodeError::bad_length},
      {"zero interval",
       [](Bytes& b) {
         b[4] = b[5] = std::byte{0};
         fix_checksum(b);
       },
       VrrpDecodeError::bad_interval},
  };
  VrrpCounters counters;
  for (const auto& m : mutations) {
    Bytes bytes = encode_advert(small_advert(), kSrc, kDst);
    m.apply(bytes);
    auto decoded = decode_advert(bytes, kSrc, kDst, 1);
    ASSERT_FALSE(decoded.ok()) << m.name;
    EXPECT_EQ(decoded.error(), m.expected) << m.name << ": " << to_string(decoded.error());
    counters.count(decoded.error());
  }
  EXPECT_EQ(counters.of(VrrpDecodeError::truncated), 2u);
  for (auto e :
       {VrrpDecodeError::bad_version, VrrpDecodeError::bad_type, VrrpDecodeError::bad_vrid,
        VrrpDecodeError::bad_checksum, VrrpDecodeError::bad_length, VrrpDecodeError::bad_interval})
    EXPECT_EQ(counters.of(e), 1u) << to_string(e);
  EXPECT_EQ(counters.total(), mutations.size());
}

TEST(VrrpPacket, EveryTruncationOfAValidAdvertIsRejected) {
  const Bytes bytes = encode_advert({7, 100, 100, {1, 2, 3}}, kSrc, kDst);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto decoded = decode_advert(std::span(bytes).first(n), kSrc, kDst, 7);
    ASSERT_FALSE(decoded.ok()) << n;
    EXPECT_EQ(decoded.error(), VrrpDecodeError::truncated) << n;
  }
}

}  // namespace
}  // namespace edgetwin::fw
