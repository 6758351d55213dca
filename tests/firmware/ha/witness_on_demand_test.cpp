// The witness on demand (issue 15, item 5; docs/ha.md): a master whose peer grants does not
// ask the witness, which cuts a site's lease traffic by half. What must still hold: the VIP
// never has two holders, a master keeps it through its peer's death, a LAN split and a peer
// that stops granting, and a far witness (round trip too long for the retry's margin) is asked
// every round as before.
#include <gtest/gtest.h>

#include "fixtures/ha_site_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

// Counts the lease requests `box` sends to the witness, dropping nothing.
struct WitnessRequests {
  explicit WitnessRequests(HaSite& site, std::string box) {
    site.net.set_drop_filter([this, box](const std::string& from, const std::string& to,
                                         fw::Channel channel, std::span<const std::byte> bytes) {
      if (from == box && to == kHaWitness && lease_request_in(channel, bytes)) ++count;
      return false;
    });
  }
  int count = 0;
};

TEST(WitnessOnDemand, AMasterWhosePeerGrantsDoesNotAskTheWitness) {
  HaSite site;
  site.start();
  ASSERT_TRUE(site.holds("s001-a"));
  WitnessRequests asked(site, "s001-a");
  const HaSite::Holding h = site.watch(Duration::seconds(20));
  EXPECT_EQ(asked.count, 0);
  EXPECT_EQ(h.none, Duration::zero());
  EXPECT_EQ(h.both, Duration::zero());
  EXPECT_GE(site.agent("s001-a").stats().lease->witness_rounds_skipped, 19u);
}

TEST(WitnessOnDemand, TheMasterKeepsTheVipThroughItsPeersDeath) {
  HaSite site;
  site.start();
  WitnessRequests asked(site, "s001-a");
  const std::uint64_t lapses = site.agent("s001-a").stats().lease->lapses;
  site.net.node("s001-b").power_off();
  const HaSite::Holding h = site.watch(Duration::seconds(10));
  EXPECT_EQ(h.none, Duration::zero()) << "no VIP holder for " << h.none.to_seconds() << " s";
  EXPECT_EQ(site.agent("s001-a").stats().lease->lapses, lapses);
  EXPECT_GE(asked.count, 9) << "the witness grants every round once the peer is gone";
}

TEST(WitnessOnDemand, APeerThatStopsGrantingIsReplacedByTheWitnessBeforeItsGrantEnds) {
  HaSite site;
  site.start();
  site.net.set_drop_filter([](const std::string& from, const std::string& to, fw::Channel channel,
                              std::span<const std::byte> bytes) {
    return from == "s001-b" && to == "s001-a" && lease_reply_in(channel, bytes).has_value();
  });
  const HaSite::Holding h = site.watch(Duration::seconds(10));
  EXPECT_EQ(h.none, Duration::zero()) << "no VIP holder for " << h.none.to_seconds() << " s";
  EXPECT_EQ(h.both, Duration::zero());
  EXPECT_TRUE(site.holds("s001-a"));
}

// Split brain is what the lease is for: both boxes reach the witness, b becomes VRRP master
// too, and the witness (asked by a as soon as b's grant went missing) refuses b.
TEST(WitnessOnDemand, ALanSplitLeavesOneHolder) {
  HaSite site;
  site.start();
  site.net.partition("s001-a", "s001-b");
  const HaSite::Holding h = site.watch(Duration::seconds(15));
  EXPECT_EQ(h.both, Duration::zero());
  EXPECT_EQ(h.none, Duration::zero()) << "no VIP holder for " << h.none.to_seconds() << " s";
  EXPECT_TRUE(site.holds("s001-a"));
  EXPECT_FALSE(site.holds("s001-b"));
}

// a is cut off from b and from the witness: its last grant (b's) runs out, then b, whose fence
// ends with it, gets the witness's grant. Never two holders.
TEST(WitnessOnDemand, AMasterCutOffFromPeerAndWitnessHandsOverWithoutOverlap) {
  HaSite site;
  site.start();
  site.net.partition("s001-a", "s001-b");
  site.net.partition("s001-a", kHaWitness);
  const HaSite::Holding h = site.watch(Duration::seconds(15));
  EXPECT_EQ(h.both, Duration::zero());
  EXPECT_TRUE(site.holds("s001-b"));
  EXPECT_FALSE(site.holds("s001-a"));
}

// 300 ms each way: a round trip of 600 ms does not fit twice in the retry's margin (1 s
// adverts: 2 s x 0.98 - 1 s - 0.25 s = 0.71 s), so the witness is asked every round.
TEST(WitnessOnDemand, AFarWitnessIsAskedEveryRound) {
  HaSite site;
  for (const char* box : {"s001-a", "s001-b"}) {
    site.net.set_link(box, kHaWitness, {Duration::milliseconds(300)});
    site.net.set_link(kHaWitness, box, {Duration::milliseconds(300)});
  }
  site.start();
  WitnessRequests asked(site, "s001-a");
  site.net.run_for(Duration::seconds(10));
  EXPECT_GE(asked.count, 9);
  EXPECT_EQ(site.agent("s001-a").stats().lease->witness_rounds_skipped, 0u);
}

// 100 ms each way fits (0.4 s < 0.71 s): skipped, like a LAN witness.
TEST(WitnessOnDemand, AWanWitnessWithinTheMarginIsSkipped) {
  HaSite site;
  for (const char* box : {"s001-a", "s001-b"}) {
    site.net.set_link(box, kHaWitness, {Duration::milliseconds(100)});
    site.net.set_link(kHaWitness, box, {Duration::milliseconds(100)});
  }
  site.start();
  WitnessRequests asked(site, "s001-a");
  site.net.run_for(Duration::seconds(10));
  EXPECT_EQ(asked.count, 0);
}

}  // namespace
}  // namespace edgetwin::testing
