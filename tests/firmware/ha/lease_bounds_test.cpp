// Issue 17, item 2 (the lease part): a lease lasts at most two advert intervals whoever says
// otherwise, and a witness grants only to its own sites' boxes and forgets expired leases.
#include <gtest/gtest.h>

#include "fixtures/ha_site_fixture.hpp"
#include "fixtures/seal_as.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

// Answers every lease request with a grant of 60 s, as a forger (or a buggy grantor) would.
class GenerousGrantor : public fw::Agent {
 public:
  explicit GenerousGrantor(fw::Platform& p) : platform_(p) {}
  void boot() override {}
  void on_datagram(const fw::Address& from, fw::Channel channel,
                   std::span<const std::byte> datagram) override {
    auto request = lease_request_in(channel, datagram);
    if (!request) return;
    const fw::LeaseReply reply{request->site, request->requester, request->seq, true, 60'000};
    platform_.send(from, fw::Channel::firmware,
                   fw::encode_envelope(fw::MessageType::lease_reply, 1, reply.encode()));
  }

 private:
  fw::Platform& platform_;
};

class LeaseHolder : public fw::Agent {
 public:
  explicit LeaseHolder(fw::Platform& p)
      : lease_(p, {true, "s001", "s001-a", 1, {{"g"}}, Duration::seconds(2), Duration::seconds(1)},
               [](bool) {}) {}
  void boot() override { lease_.want(true); }
  void on_datagram(const fw::Address& from, fw::Channel channel,
                   std::span<const std::byte> datagram) override {
    if (auto reply = lease_reply_in(channel, datagram)) lease_.on_reply(from, *reply);
  }
  fw::VipLease& lease() { return lease_; }

 private:
  fw::VipLease lease_;
};

TEST(LeaseBounds, AHolderNeverTrustsAGrantForLongerThanItsLease) {
  TestNetwork net;
  net.add_node("g", [](fw::Platform& p) { return std::make_unique<GenerousGrantor>(p); });
  net.add_node("s001-a", [](fw::Platform& p) { return std::make_unique<LeaseHolder>(p); });
  net.node("g").power_on();
  net.node("s001-a").power_on();
  net.run_for(Duration::seconds(3));
  auto& holder = static_cast<LeaseHolder&>(*net.node("s001-a").agent());
  ASSERT_TRUE(holder.lease().permitted());
  net.node("g").power_off();
  net.run_for(Duration::seconds(2));  // the last request left at most 1 s before the power-off
  EXPECT_FALSE(holder.lease().permitted()) << "a 60 s grant was trusted past the 2 s lease";
}

TEST(LeaseBounds, APeerGrantsAtMostTwoAdvertIntervals) {
  HaSite site;
  site.start();
  ASSERT_EQ(site.agent("s001-b").vrrp()->state(), fw::VrrpState::backup);
  std::optional<fw::LeaseReply> seen;
  site.net.set_drop_filter([&](const std::string& from, const std::string&, fw::Channel channel,
                               std::span<const std::byte> bytes) {
    if (auto reply = lease_reply_in(channel, bytes); reply && from == "s001-b" && reply->seq == 77)
      seen = reply;
    return false;
  });
  const fw::LeaseRequest greedy{"s001", "s001-a", 77, 60'000};
  site.net.inject("s001-a", "s001-b",
                  seal_as(site.net, "s001-a", "s001-b",
                          fw::encode_envelope(fw::MessageType::lease_request, 1, greedy.encode())));
  site.net.run_for(Duration::milliseconds(10));
  ASSERT_TRUE(seen.has_value());
  ASSERT_TRUE(seen->granted);
  EXPECT_LE(seen->duration_ms, 2'000u);
}

}  // namespace
}  // namespace edgetwin::testing

namespace edgetwin::testing {
namespace {

using fw::Duration;

TEST(LeaseBounds, AWitnessGrantsOnlyItsSitesBoxesForAtMostTheSitesLease) {
  TestNetwork net;
  auto& p = net.add_node("w", [](fw::Platform&) { return nullptr; });
  fw::LeaseServer server(p, kSiteRoster);
  EXPECT_FALSE(server.on_request({"s002", "s002-a", 1, 2'000}).granted) << "another site";
  const auto stranger = server.on_request({"s001", "s002-a", 2, 2'000});
  EXPECT_FALSE(stranger.granted) << "a box of another site asking for s001";
  EXPECT_EQ(stranger.holder, "");
  const auto greedy = server.on_request({"s001", "s001-a", 3, 60'000});
  EXPECT_TRUE(greedy.granted);
  EXPECT_EQ(greedy.duration_ms, 2'000u);
  EXPECT_EQ(server.size(), 1u);
}

TEST(LeaseBounds, TheCloudWitnessRosterIsItsInventory) {
  TestNetwork net;
  auto& p = net.add_node("cloud", [](fw::Platform&) { return nullptr; });
  const std::vector<fw::CloudInventoryEntry> inventory{
      {"s001-a", "s001", 2'000}, {"s001-b", "s001", 2'000}, {"s002-a", "s002", 3'000}};
  fw::LeaseServer server(p, fw::lease_roster(inventory));
  EXPECT_FALSE(server.on_request({"s001", "s002-a", 1, 2'000}).granted);
  EXPECT_EQ(server.on_request({"s002", "s002-a", 2, 9'000}).duration_ms, 3'000u);
  EXPECT_EQ(server.on_request({"s001", "s001-b", 3, 9'000}).duration_ms, 2'000u);
}

TEST(LeaseBounds, AWitnessPrunesExpiredLeases) {
  TestNetwork net;
  auto& p = net.add_node("w", [](fw::Platform&) { return nullptr; });
  fw::LeaseRoster roster;
  for (int i = 0; i < 200; ++i) {
    const std::string site = "s" + std::to_string(i);
    roster.push_back({site, {site + "-a"}, 2'000});
  }
  fw::LeaseServer server(p, roster);
  for (int i = 0; i < 200; ++i) {
    const std::string site = "s" + std::to_string(i);
    ASSERT_TRUE(server.on_request({site, site + "-a", 1, 2'000}).granted);
  }
  EXPECT_EQ(server.size(), 200u);
  net.run_for(Duration::milliseconds(fw::LeaseServer::kPruneEveryMs));
  EXPECT_TRUE(server.on_request({"s0", "s0-a", 2, 2'000}).granted);
  EXPECT_EQ(server.size(), 1u) << "the 199 expired leases are forgotten";
}

}  // namespace
}  // namespace edgetwin::testing
