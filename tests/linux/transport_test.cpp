#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"
#include "edgetwin/linux/event_loop.hpp"
#include "edgetwin/linux/udp_transport.hpp"

namespace edgetwin::linux_box {
namespace {

constexpr std::uint32_t kLoopback = 0x7f000001;

fw::Bytes bytes(std::string_view s) {
  fw::Bytes out;
  for (char c : s) out.push_back(static_cast<std::byte>(c));
  return out;
}

std::optional<fw::Datagram> receive_soon(UdpTransport& t) {
  for (int i = 0; i < 100; ++i) {
    if (auto d = t.receive()) return d;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return std::nullopt;
}

TEST(EndpointTest, ParsesAddressAndPortStrictly) {
  auto e = parse_endpoint("b", "10.0.0.2:7400");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->ip, 0x0a000002u);
  EXPECT_EQ(e->port, 7400);
  for (const char* bad : {"10.0.0.2", "10.0.0.2:", "10.0.0.2:0", "10.0.0.2:70000", "10.0.0:1",
                          "10.0.0.2:12x", "010.0.0.2:1"})
    EXPECT_FALSE(parse_endpoint("b", bad)) << bad;
}

TEST(UdpTransportTest, DeliversFromKnownEndpointsAndCountsStrangers) {
  TransportCounters ca, cb, cs;
  const Endpoint a{"a", kLoopback, 47401}, b{"b", kLoopback, 47402}, s{"s", kLoopback, 47403};
  UdpTransport ta(a, {b}, ca);
  UdpTransport tb(b, {a}, cb);
  UdpTransport stranger(s, {b}, cs);
  ta.send({"b"}, bytes("hello"));
  auto d = receive_soon(tb);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->from.node, "a");
  EXPECT_EQ(d->channel, fw::Channel::firmware);
  EXPECT_EQ(d->bytes, bytes("hello"));
  stranger.send({"b"}, bytes("let me in"));
  stranger.send({"b"}, fw::Bytes(3000, std::byte{0}));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(tb.receive());
  EXPECT_EQ(cb.udp_unknown_sender, 1u);
  EXPECT_EQ(cb.udp_oversize, 1u);
  ta.send({"nobody"}, bytes("x"));
  EXPECT_EQ(ca.send_unroutable, 1u);
}

TEST(EventLoopTest, WakesAtTheFirmwareDeadline) {
  EventLoop loop;
  const fw::Time start = monotonic_now();
  loop.set_deadline(start + fw::Duration::milliseconds(30));
  loop.run_once();
  const fw::Duration waited = monotonic_now() - start;
  EXPECT_GE(waited, fw::Duration::milliseconds(30));
  EXPECT_LT(waited, fw::Duration::milliseconds(500));
}

}  // namespace
}  // namespace edgetwin::linux_box
