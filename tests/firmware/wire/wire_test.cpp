#include <gtest/gtest.h>

#include "edgetwin/firmware/wire/messages.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {
namespace {

Bytes heartbeat_datagram(std::uint32_t epoch = 3) {
  return encode_envelope(MessageType::peer_heartbeat, epoch, PeerHeartbeat{"s001-a", 42}.encode());
}

TEST(Wire, RoundTripsEnvelopeAndBody) {
  const Bytes d = heartbeat_datagram(7);
  auto env = decode_envelope(d);
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env.value().type, MessageType::peer_heartbeat);
  EXPECT_EQ(env.value().sender_epoch, 7u);
  auto hb = PeerHeartbeat::decode(env.value().payload);
  ASSERT_TRUE(hb);
  EXPECT_EQ(hb->from, "s001-a");
  EXPECT_EQ(hb->seq, 42u);
}

TEST(Wire, HeaderIsBigEndianWithMagicFirst) {
  const Bytes d = heartbeat_datagram();
  ASSERT_GE(d.size(), kHeaderBytes);
  EXPECT_EQ(std::to_integer<int>(d[0]), 'E');
  EXPECT_EQ(std::to_integer<int>(d[1]), 'D');
  EXPECT_EQ(std::to_integer<int>(d[2]), 'T');
  EXPECT_EQ(std::to_integer<int>(d[3]), 'W');
  EXPECT_EQ(std::to_integer<int>(d[4]), kWireVersion);
  EXPECT_EQ(d.size(), kHeaderBytes + kTagBytes +
                         (std::to_integer<std::size_t>(d[6]) << 8 | std::to_integer<std::size_t>(d[7])));
}

struct Corruption {
  const char* name;
  std::function<void(Bytes&)> apply;
  DecodeError expected;
};

class WireRejects : public ::testing::TestWithParam<Corruption> {};

TEST_P(WireRejects, EachMalformedShapeWithItsReason) {
  Bytes d = heartbeat_datagram();
  GetParam().apply(d);
  auto env = decode_envelope(d);
  ASSERT_FALSE(env.ok());
  EXPECT_EQ(env.error(), GetParam().expected) << to_string(env.error());
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, WireRejects,
    ::testing::Values(
        Corruption{"empty", [](Bytes& d) { d.clear(); }, DecodeError::truncated},
        Corruption{"short_header", [](Bytes& d) { d.resize(kHeaderBytes - 1); }, DecodeError::truncated},
        Corruption{"cut_payload", [](Bytes& d) { d.pop_back(); }, DecodeError::truncated},
        Corruption{"padded", [](Bytes& d) { d.push_back(std::byte{0}); }, DecodeError::bad_length},
        Corruption{"magic", [](Bytes& d) { d[0] = std::byte{'X'}; }, DecodeError::bad_magic},
        Corruption{"version", [](Bytes& d) { d[4] = std::byte{1}; }, DecodeError::bad_version},
        Corruption{"type_zero", [](Bytes& d) { d[5] = std::byte{0}; }, DecodeError::unknown_type},
        Corruption{"type_high", [](Bytes& d) { d[5] = std::byte{200}; }, DecodeError::unknown_type},
        Corruption{"huge_length", [](Bytes& d) { d[6] = std::byte{0xff}; }, DecodeError::bad_length}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Wire, BodiesRejectTruncationAndTrailingBytes) {
  Bytes body = NodeReport{"s001-a", "s001", "192.168.1.11", 40, 256, 480, 1, 2, 3, 4, 5}.encode();
  ASSERT_TRUE(NodeReport::decode(body));
  Bytes cut(body.begin(), body.end() - 1);
  EXPECT_FALSE(NodeReport::decode(cut));
  body.push_back(std::byte{1});
  EXPECT_FALSE(NodeReport::decode(body));
  // A string length byte that points past the end.
  Bytes lying{std::byte{200}, std::byte{'a'}};
  EXPECT_FALSE(PeerHeartbeat::decode(lying));
}

TEST(Wire, CountersAddUpByReason) {
  DecodeCounters c;
  c.count(DecodeError::bad_magic);
  c.count(DecodeError::bad_magic);
  c.count(DecodeError::truncated);
  EXPECT_EQ(c.of(DecodeError::bad_magic), 2u);
  EXPECT_EQ(c.of(DecodeError::truncated), 1u);
  EXPECT_EQ(c.total(), 3u);
}

}  // namespace
}  // namespace edgetwin::fw
