// Issue 16, item 1: a box that becomes master must not claim the VIP while a lease it granted
// its peer still runs, or the two hold it at once until the old master hears an advert.
#include <gtest/gtest.h>

#include "edgetwin/firmware/ha/vrrp_packet.hpp"
#include "fixtures/ha_site_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

const fw::ContainerSpec kDoor{"door-0", "door", 0.5, 1, 256, 512, 0, "critical", true};

// a holds the VIP on b's grants alone (its path to the witness is down); a's critical container
// fails, so a advertises 90 and b's Master_Down timer fires; the witness grants b. b's first
// advert as master is lost, so only a's lease can end a's hold.
TEST(LeaseFencing, ANewMasterWaitsForTheGrantItGaveItsPeer) {
  HaSite site;
  site.net.partition("s001-a", kHaWitness);
  site.net.node("s001-a").test_runtime().start(kDoor);
  site.start();
  ASSERT_TRUE(site.holds("s001-a"));
  ASSERT_EQ(site.agent("s001-b").vrrp()->state(), fw::VrrpState::backup);
  bool lost = false;
  site.net.set_drop_filter([&](const std::string& from, const std::string& to, fw::Channel channel,
                               std::span<const std::byte>) {
    if (lost || from != "s001-b" || to != "s001-a" || channel != fw::Channel::vrrp) return false;
    if (site.agent("s001-b").vrrp()->state() != fw::VrrpState::master) return false;
    return lost = true;
  });
  site.net.node("s001-a").test_runtime().fail_readiness("door-0", true);
  const HaSite::Holding h = site.watch(Duration::seconds(15));
  ASSERT_TRUE(lost) << "b never became master";
  EXPECT_TRUE(site.holds("s001-b"));
  EXPECT_EQ(h.both, Duration::zero()) << "two VIP holders for " << h.both.to_seconds() << " s";
}

// The same window opened by a priority-0 advert that arrives late (or is replayed): b takes over
// after Skew_Time while a, still master, holds b's last grant.
TEST(LeaseFencing, ADelayedPriorityZeroAdvertDoesNotMakeTwoHolders) {
  HaSite site;
  site.net.partition("s001-a", kHaWitness);
  site.start();
  ASSERT_TRUE(site.holds("s001-a"));
  const auto before = site.agent("s001-b").vrrp()->last_advert_from({"s001-a"});
  while (site.agent("s001-b").vrrp()->last_advert_from({"s001-a"}) == before)
    site.net.run_for(Duration::milliseconds(1));
  const fw::VrrpAdvert step_down{1, 0, 100, {*fw::parse_ipv4("192.168.2.1")}};
  site.net.inject("s001-a", "s001-b",
                  fw::encode_advert(step_down, *fw::parse_ipv4("192.168.1.11"),
                                    *fw::parse_ipv4("192.168.1.12")),
                  Duration::zero(), fw::Channel::vrrp);
  const HaSite::Holding h = site.watch(Duration::seconds(5));
  EXPECT_EQ(h.both, Duration::zero()) << "two VIP holders for " << h.both.to_seconds() << " s";
  EXPECT_TRUE(site.holds("s001-a"));
}

}  // namespace
}  // namespace edgetwin::testing
