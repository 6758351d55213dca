#include <gtest/gtest.h>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"

namespace edgetwin::fw {
namespace {

TEST(Ipv4, ParsesAndFormatsDottedQuadsStrictly) {
  EXPECT_EQ(parse_ipv4("192.168.1.11"), 0xC0A8010Bu);
  EXPECT_EQ(parse_ipv4("0.0.0.0"), 0u);
  EXPECT_EQ(parse_ipv4("255.255.255.255"), 0xFFFFFFFFu);
  EXPECT_EQ(format_ipv4(0xC0A8010Bu), "192.168.1.11");
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "01.2.3.4", "1..2.3",
                          "1.2.3.4 ", "a.b.c.d", "1.2.3.4.", "+1.2.3.4"})
    EXPECT_FALSE(parse_ipv4(bad)) << bad;
}

TEST(Ipv4, CidrBlocksUseTheSameParser) {
  EXPECT_TRUE(parse_cidr("10.42.0.0/16"));
  EXPECT_FALSE(parse_cidr("010.42.0.0/16"));  // a leading zero is octal to inet_aton
  EXPECT_EQ(parse_cidr("10.42.0.0/16")->to_string(), "10.42.0.0/16");
}

}  // namespace
}  // namespace edgetwin::fw
