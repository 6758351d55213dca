#include "edgetwin/firmware/orchestration/address_allocator.hpp"

#include <gtest/gtest.h>

#include <string>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"

namespace edgetwin::fw {
namespace {

Cidr cidr(const char* text) { return *parse_cidr(text); }

TEST(Cidr, ParsesAndRejects) {
  EXPECT_EQ(cidr("10.42.0.0/16").to_string(), "10.42.0.0/16");
  EXPECT_FALSE(parse_cidr("10.42.0.1/16"));  // host bits
  EXPECT_FALSE(parse_cidr("10.42.0.0/33"));
  EXPECT_FALSE(parse_cidr("10.42.0.0"));
  EXPECT_FALSE(parse_cidr("10.42.0.0/"));
  EXPECT_FALSE(parse_cidr("10.42.0.0/1x"));
  EXPECT_TRUE(cidr("192.168.0.0/16").overlaps(cidr("192.168.2.0/24")));
  EXPECT_FALSE(cidr("192.168.1.0/24").overlaps(cidr("192.168.2.0/24")));
  EXPECT_TRUE(cidr("0.0.0.0/0").contains(cidr("8.8.8.8/32")));
}

TEST(PodSubnets, OneSlash24PerNodeLowestFirstAndIdempotent) {
  auto pods = AddressAllocator::subnets(cidr("10.42.0.0/16"), 24).value();
  EXPECT_EQ(pods.capacity(), 256u);
  EXPECT_EQ(pods.allocate("s001-a").value().to_string(), "10.42.0.0/24");
  EXPECT_EQ(pods.allocate("s001-b").value().to_string(), "10.42.1.0/24");
  EXPECT_EQ(pods.allocate("s001-a").value().to_string(), "10.42.0.0/24");  // same owner
  EXPECT_TRUE(pods.release("s001-a"));
  EXPECT_FALSE(pods.release("s001-a"));
  EXPECT_EQ(pods.allocate("s001-c").value().to_string(), "10.42.0.0/24");  // reused, lowest
  EXPECT_EQ(pods.allocate("s001-d").value().to_string(), "10.42.2.0/24");
}

TEST(PodSubnets, ExhaustionIsAClearError) {
  auto pods = AddressAllocator::subnets(cidr("10.42.0.0/23"), 24).value();
  ASSERT_TRUE(pods.allocate("n1").ok());
  ASSERT_TRUE(pods.allocate("n2").ok());
  const auto third = pods.allocate("n3");
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().kind, AddressErrorKind::exhausted);
  EXPECT_EQ(third.error().message,
            "10.42.0.0/23 is exhausted: all 2 /24 blocks are in use (asked by n3)");
  EXPECT_FALSE(pods.find("n3"));
  pods.release("n1");
  EXPECT_EQ(pods.allocate("n3").value().to_string(), "10.42.0.0/24");
}

TEST(PodSubnets, RefusesABlockLargerThanThePool) {
  const auto bad = AddressAllocator::subnets(cidr("10.42.0.0/24"), 16);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, AddressErrorKind::bad_block_size);
}

TEST(Vips, SkipNetworkBroadcastAndReservedAddresses) {
  auto vips = AddressAllocator::vips(cidr("192.168.2.0/30"));
  EXPECT_EQ(vips.capacity(), 2u);  // .1 and .2
  ASSERT_TRUE(vips.reserve(*parse_ipv4("192.168.2.1")).value());
  EXPECT_EQ(vips.allocate("mysql").value().to_string(), "192.168.2.2/32");
  const auto full = vips.allocate("redis");
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().kind, AddressErrorKind::exhausted);
  EXPECT_NE(full.error().message.find("192.168.2.0/30 is exhausted"), std::string::npos);
  EXPECT_FALSE(vips.reserve(*parse_ipv4("10.0.0.1")).ok());  // outside the range
}

TEST(Vips, ASlash24HoldsTwoHundredFiftyFourVips) {
  auto vips = AddressAllocator::vips(cidr("192.168.2.0/24"));
  for (int i = 0; i < 254; ++i) ASSERT_TRUE(vips.allocate("svc" + std::to_string(i)).ok()) << i;
  EXPECT_EQ(vips.find("svc0")->to_string(), "192.168.2.1/32");
  EXPECT_EQ(vips.find("svc253")->to_string(), "192.168.2.254/32");
  EXPECT_FALSE(vips.allocate("one-more").ok());
}

TEST(Vips, ASlash32IsOneVip) {
  auto vips = AddressAllocator::vips(cidr("192.168.2.7/32"));
  EXPECT_EQ(vips.allocate("a").value().to_string(), "192.168.2.7/32");
  EXPECT_FALSE(vips.allocate("b").ok());
}

}  // namespace
}  // namespace edgetwin::fw
