// Issue 16, item 3: the VIP is claimed with the lease's remaining time as its lifetime and
// claimed again at every renewal, so that the platform (the kernel, the twin) drops it by
// itself when a stalled firmware stops renewing. Without a witness there is no lease and no
// lifetime.
#include <gtest/gtest.h>

#include "fixtures/ha_site_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

const std::vector<std::optional<Duration>>& claims_of(HaSite& site, const char* box) {
  return static_cast<TestNetConfig&>(site.net.node(box).net()).claims();
}

TEST(VipLifetime, TheVipIsClaimedForWhatIsLeftOfTheLeaseAndRenewedWithIt) {
  HaSite site;
  site.start();
  ASSERT_TRUE(site.holds("s001-a"));
  const std::size_t before = claims_of(site, "s001-a").size();
  site.net.run_for(Duration::seconds(5));
  const auto& claims = claims_of(site, "s001-a");
  EXPECT_GE(claims.size() - before, 5u) << "one refresh per renewal at least";
  for (const auto& lifetime : claims) {
    ASSERT_TRUE(lifetime.has_value());
    EXPECT_GT(*lifetime, Duration::zero());
    EXPECT_LE(*lifetime, Duration::seconds(2));
  }
  EXPECT_TRUE(claims_of(site, "s001-b").empty());
}

TEST(VipLifetime, WithoutAWitnessTheVipHasNoLifetime) {
  fw::HeartbeatTiming timing;
  TestNetwork net;
  for (auto [self, peer, prio] :
       {std::tuple{"s001-a", "s001-b", 150}, std::tuple{"s001-b", "s001-a", 100}})
    net.add_node(self, [=](fw::Platform& p) {
      return std::make_unique<fw::BoxAgent>(p, ha_box_config(self, peer, prio, timing));
    });
  for (const char* n : {"s001-a", "s001-b"}) net.node(n).power_on();
  net.run_for(Duration::seconds(10));
  const auto& claims = static_cast<TestNetConfig&>(net.node("s001-a").net()).claims();
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_FALSE(claims[0].has_value());
}

}  // namespace
}  // namespace edgetwin::testing
