// The split-brain guard: one lease holder per site at the witness, leases that run out before
// a backup could take over, and nothing granted that was not asked for.
#include "edgetwin/firmware/ha/vip_lease.hpp"

#include <gtest/gtest.h>

#include "edgetwin/firmware/agents/witness_agent.hpp"
#include "edgetwin/firmware/ha/lease_server.hpp"
#include "edgetwin/firmware/wire/wire.hpp"
#include "edgetwin/firmware/wire/sealing_platform.hpp"
#include "edgetwin/testing/test_keys.hpp"
#include "edgetwin/testing/test_network.hpp"
#include "fixtures/lease_roster_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

// A box agent reduced to its lease: it wants the VIP from boot and records every verdict.
class LeaseOnlyAgent : public fw::Agent {
 public:
  LeaseOnlyAgent(fw::Platform& p, std::string self, std::vector<fw::Address> grantors)
      : sealed_(p, self, test_box_keys(self)),
        lease_(sealed_, {true, "s001", self, 1, std::move(grantors), Duration::seconds(2),
                   Duration::milliseconds(500)},
               [this](bool permitted) { verdicts.push_back(permitted); }) {}
  void boot() override { lease_.want(true); }
  void on_datagram(const fw::Address& from, fw::Channel,
                   std::span<const std::byte> datagram) override {
    auto env = fw::decode_envelope(datagram);
    if (!env || env.value().type != fw::MessageType::lease_reply) return;
    if (auto reply = fw::LeaseReply::decode(env.value().payload)) lease_.on_reply(from, *reply);
  }
  fw::VipLease& lease() { return lease_; }
  std::vector<bool> verdicts;

 private:
  fw::SealingPlatform sealed_;  // the witness accepts sealed datagrams only
  fw::VipLease lease_;
};

struct WitnessSite {
  WitnessSite() {
    net.add_node("nas.s001", [](fw::Platform& p) {
      return std::make_unique<fw::WitnessAgent>(p, "nas.s001", test_site_member_keys(), kSiteRoster);
    });
    for (const char* box : {"s001-a", "s001-b"})
      net.add_node(box, [box](fw::Platform& p) {
        return std::make_unique<LeaseOnlyAgent>(p, box, std::vector<fw::Address>{{"nas.s001"}});
      });
    net.node("nas.s001").power_on();
  }
  LeaseOnlyAgent& agent(const char* box) { return static_cast<LeaseOnlyAgent&>(*net.node(box).agent()); }
  TestNetwork net;
};

TEST(LeaseServer, OneHolderPerSiteUntilItsLeaseRunsOut) {
  TestNetwork net;
  auto& p = net.add_node("w", [](fw::Platform&) { return nullptr; });
  fw::LeaseServer server(
      p, {{"s001", {"s001-a", "s001-b"}, 2'000}, {"s002", {"s002-b"}, 2'000}, {"s003", {"x"}}});
  EXPECT_TRUE(server.on_request({"s001", "s001-a", 1, 2000}).granted);
  const auto refused = server.on_request({"s001", "s001-b", 1, 2000});
  EXPECT_FALSE(refused.granted);
  EXPECT_EQ(refused.holder, "s001-a");
  EXPECT_TRUE(server.on_request({"s002", "s002-b", 1, 2000}).granted);  // other site, other lease
  EXPECT_TRUE(server.on_request({"s001", "s001-a", 2, 2000}).granted);  // renewal
  net.run_for(Duration::milliseconds(1999));
  EXPECT_FALSE(server.on_request({"s001", "s001-b", 2, 2000}).granted);
  net.run_for(Duration::milliseconds(1));
  EXPECT_TRUE(server.on_request({"s001", "s001-b", 3, 2000}).granted);
  EXPECT_EQ(server.on_request({"s003", "x", 1, 10'000'000}).duration_ms, fw::LeaseServer::kLeaseMaxMs);
}

TEST(VipLease, FirstComerHoldsTheOtherIsRefusedWhileItRenews) {
  WitnessSite site;
  site.net.node("s001-a").power_on();
  site.net.run_for(Duration::milliseconds(100));
  site.net.node("s001-b").power_on();
  site.net.run_for(Duration::seconds(10));
  EXPECT_TRUE(site.agent("s001-a").lease().permitted());
  EXPECT_FALSE(site.agent("s001-b").lease().permitted());
  EXPECT_TRUE(site.agent("s001-b").verdicts.empty());
}

TEST(VipLease, HolderCutOffFromTheWitnessLosesItBeforeTheOtherGetsIt) {
  WitnessSite site;
  site.net.node("s001-a").power_on();
  site.net.run_for(Duration::milliseconds(100));
  site.net.node("s001-b").power_on();
  site.net.run_for(Duration::seconds(5));
  const fw::Time cut = site.net.now();
  site.net.partition("s001-a", "nas.s001");
  site.net.run_for(Duration::seconds(5));
  auto lost = site.net.node("s001-a").recorded("lease");
  auto got = site.net.node("s001-b").recorded("lease");
  ASSERT_EQ(lost.size(), 2u);  // granted, then lost
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(lost[1].fields["permitted"].get<bool>());
  EXPECT_TRUE(got[0].fields["permitted"].get<bool>());
  EXPECT_LT(lost[1].t, got[0].t);                       // never both at once
  EXPECT_LE(lost[1].t - cut, Duration::seconds(2));     // at most one lease after the cut
}

// The holder counts from its request's send, the witness from its arrival, each on its own
// clock: shortened by 2 %, the holder's count ends first with both clocks within +-1 %.
TEST(VipLease, AGrantIsCountedShorterByTheClockDriftAllowance) {
  WitnessSite site;
  const fw::Time sent = site.net.now();
  site.net.node("s001-a").power_on();  // asks at boot
  site.net.run_for(Duration::milliseconds(100));
  const auto until = site.agent("s001-a").lease().valid_until();
  ASSERT_TRUE(until.has_value());
  EXPECT_EQ(*until - sent, Duration::milliseconds(2000 - 40));
  // A holder slow by rho stretches its count by 1 / (1 - rho), a witness fast by rho shrinks
  // its own by 1 / (1 + rho): the holder's still ends first.
  EXPECT_LE((1.0 - fw::kDriftAllowancePerMille / 1000.0) / (1.0 - fw::kClockDriftMax),
            1.0 / (1.0 + fw::kClockDriftMax));
}

TEST(VipLease, TheWitnessHandsTheLeaseOverOnlyAfterThePreviousHolderStoppedCountingIt) {
  WitnessSite site;
  site.net.node("s001-a").power_on();
  site.net.run_for(Duration::milliseconds(100));
  site.net.node("s001-b").power_on();
  site.net.run_for(Duration::seconds(5));
  site.net.partition("s001-a", "nas.s001");
  site.net.run_for(Duration::seconds(5));
  const auto handovers = site.net.node("nas.s001").recorded("lease.handover");
  ASSERT_EQ(handovers.size(), 1u);
  EXPECT_EQ(handovers[0].fields["previous"], "s001-a");
  EXPECT_EQ(handovers[0].fields["holder"], "s001-b");
  const auto lost = site.net.node("s001-a").recorded("lease");
  ASSERT_EQ(lost.size(), 2u);
  EXPECT_LE(lost[1].t + Duration::milliseconds(40), handovers[0].t);
}

TEST(VipLease, LettingGoIsImmediate) {
  WitnessSite site;
  site.net.node("s001-a").power_on();
  site.net.run_for(Duration::seconds(1));
  auto& a = site.agent("s001-a");
  ASSERT_TRUE(a.lease().permitted());
  a.lease().want(false);
  EXPECT_FALSE(a.lease().permitted());
}

TEST(VipLease, UnsolicitedOrForeignGrantsAreIgnored) {
  WitnessSite site;
  site.net.partition("s001-a", "nas.s001");  // its requests never arrive
  site.net.node("s001-a").power_on();
  site.net.run_for(Duration::seconds(1));
  auto& a = site.agent("s001-a");
  ASSERT_FALSE(a.lease().permitted());
  auto grant = [](std::uint64_t seq) {
    return fw::encode_envelope(fw::MessageType::lease_reply, 1,
                               fw::LeaseReply{"s001", "s001-a", seq, true, 60000}.encode());
  };
  site.net.heal("s001-a", "nas.s001");
  site.net.inject("nas.s001", "s001-a", grant(999));  // answers no request
  site.net.inject("intruder", "s001-a", grant(1));    // not a grantor
  site.net.run_for(Duration::milliseconds(10));
  EXPECT_FALSE(a.lease().permitted());
}

}  // namespace
}  // namespace edgetwin::testing
