// The replicated data service on the test network: what a client's "ok" promises in each
// mode, and what happens to a deposed primary's writes.
#include <gtest/gtest.h>

#include <map>

#include "edgetwin/firmware/agents/box_agent.hpp"
#include "edgetwin/firmware/agents/witness_agent.hpp"
#include "edgetwin/firmware/data/data_service.hpp"
#include "edgetwin/firmware/data/data_service_volume.hpp"
#include "edgetwin/firmware/wire/wire.hpp"
#include "edgetwin/testing/test_network.hpp"
#include "edgetwin/testing/test_keys.hpp"
#include "fixtures/data_fixture.hpp"
#include "fixtures/site_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::DataStatus;
using fw::Duration;

TEST(DataService, SemiSyncAcknowledgesOnlyWhatTheReplicaPersisted) {
  DataSite site;
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(100));
  site.net.set_link("s001-b", "s001-a", {Duration::milliseconds(300)});  // slow acks
  site.client().write("s001-a", 1, 1001);
  site.net.run_for(Duration::milliseconds(200));
  EXPECT_TRUE(site.client().writes.empty()) << "acknowledged before the replica answered";
  EXPECT_EQ(site.values("s001-b"), std::vector<std::uint64_t>{1001});
  site.net.run_for(Duration::milliseconds(400));
  ASSERT_EQ(site.client().writes.count(1), 1u);
  const auto& [reply, at] = site.client().writes.at(1);
  EXPECT_EQ(reply.status, DataStatus::ok);
  EXPECT_EQ(reply.index, 1u);
  EXPECT_EQ(reply.term, site.svc("s001-a").term());
  // The replica's copy was synced: it survives the replica losing power.
  site.net.node("s001-b").power_off();
  site.net.node("s001-b").power_on();
  EXPECT_EQ(site.values("s001-b"), std::vector<std::uint64_t>{1001});
}

TEST(DataService, ReadsSeeOnlyCommittedWritesInSemiSync) {
  DataSite site;
  site.svc("s001-a").set_vip_held(true);
  site.net.partition("s001-a", "s001-b");
  site.client().write("s001-a", 1, 7);
  site.client().read("s001-a", 2);
  site.net.run_for(Duration::seconds(1));
  ASSERT_EQ(site.client().reads.size(), 1u);
  EXPECT_EQ(site.client().reads[0].value, 0u) << "AFTER_SYNC: an unreplicated write is invisible";
}

TEST(DataService, TimeoutFallsBackToAsyncAndReturnsWhenTheReplicaCatchesUp) {
  DataSite site;
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(100));
  site.net.partition("s001-a", "s001-b");
  site.client().write("s001-a", 1, 11);
  site.net.run_for(Duration::milliseconds(9'900));
  EXPECT_TRUE(site.client().writes.empty());
  EXPECT_TRUE(site.svc("s001-a").semi_sync_active());
  site.net.run_for(Duration::milliseconds(200));
  ASSERT_EQ(site.client().writes.count(1), 1u);
  EXPECT_FALSE(site.svc("s001-a").semi_sync_active());
  const auto fallback = site.net.node("s001-a").recorded("data.semisync");
  ASSERT_EQ(fallback.size(), 1u);
  EXPECT_EQ(fallback[0].fields["to"], "async");
  // In async, the next write is acknowledged at once, without the replica.
  const fw::Time sent = site.net.now();
  site.client().write("s001-a", 2, 12);
  site.net.run_for(Duration::milliseconds(10));
  ASSERT_EQ(site.client().writes.count(2), 1u);
  EXPECT_LE(site.client().writes.at(2).second - sent, Duration::milliseconds(3));
  EXPECT_EQ(site.svc("s001-a").counters().acknowledged_async, 2u);
  site.net.heal("s001-a", "s001-b");
  site.net.run_for(Duration::seconds(1));
  EXPECT_TRUE(site.svc("s001-a").semi_sync_active());
  EXPECT_EQ(site.net.node("s001-a").recorded("data.semisync").back().fields["to"], "on");
  EXPECT_EQ(site.values("s001-b"), (std::vector<std::uint64_t>{11, 12}));
  // Back in semi-sync: a write waits for the replica again.
  site.net.partition("s001-a", "s001-b");
  site.client().write("s001-a", 3, 13);
  site.net.run_for(Duration::seconds(1));
  EXPECT_EQ(site.client().writes.count(3), 0u);
}

TEST(DataService, DeposedPrimaryWithAnOldTermNeverAcknowledges) {
  DataSite site;
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(100));
  const std::uint64_t old_term = site.svc("s001-a").term();
  // Cut off, a keeps believing it holds the VIP (no fencing in this test) while b is promoted.
  site.net.partition("s001-a", "s001-b");
  site.svc("s001-b").set_vip_held(true);
  EXPECT_GT(site.svc("s001-b").term(), old_term);
  site.client().write("s001-a", 1, 21);
  site.net.run_for(Duration::seconds(2));
  EXPECT_TRUE(site.client().writes.empty());
  // The first message a hears from b's reign deposes it; its waiting write is never acknowledged.
  site.net.heal("s001-a", "s001-b");
  site.net.run_for(Duration::seconds(20));
  EXPECT_EQ(site.svc("s001-a").role(), fw::DataRole::replica);
  EXPECT_EQ(site.client().writes.count(1), 0u);
  EXPECT_EQ(site.svc("s001-a").counters().abandoned, 1u);
  site.client().write("s001-a", 2, 22);
  site.net.run_for(Duration::milliseconds(10));
  EXPECT_EQ(site.client().writes.at(2).first.status, DataStatus::not_primary);
  EXPECT_EQ(site.svc("s001-a").counters().acknowledged, 0u);
  EXPECT_EQ(site.svc("s001-a").term(), site.svc("s001-b").term());
}

TEST(DataService, ReplicaRefusesAppendsOfAnOlderTerm) {
  DataSite site;
  site.svc("s001-b").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(100));
  site.svc("s001-b").set_vip_held(false);
  const std::uint64_t current = site.svc("s001-b").term();
  fw::ReplAppend stale{"mysql", current - 16, 0, 0, 1, {{current - 16, 99}}};
  site.net.inject("s001-a", "s001-b",
                  fw::encode_envelope(fw::MessageType::repl_append, 1, stale.encode()));
  site.net.run_for(Duration::milliseconds(10));
  EXPECT_EQ(site.svc("s001-b").log().last_index(), 0u);
  EXPECT_EQ(site.svc("s001-b").counters().stale_term, 1u);
}

TEST(DataService, ReturningReplicaCatchesUpFromThePrimary) {
  DataSite site(/*semi_sync=*/false);
  site.svc("s001-a").set_vip_held(true);
  site.net.node("s001-b").power_off();
  for (std::uint64_t i = 1; i <= 200; ++i) site.client().write("s001-a", i, 1000 + i);
  site.net.run_for(Duration::seconds(1));
  EXPECT_EQ(site.client().writes.size(), 200u);
  site.net.node("s001-b").power_on();
  EXPECT_FALSE(site.svc("s001-b").in_sync());
  site.net.run_for(Duration::seconds(1));
  EXPECT_EQ(site.values("s001-b"), site.values("s001-a"));
  EXPECT_EQ(site.values("s001-b").size(), 200u);
  EXPECT_TRUE(site.svc("s001-b").in_sync());
}

TEST(DataService, DivergentTailOfTheDeposedPrimaryIsDiscardedAndCounted) {
  DataSite site(/*semi_sync=*/false);
  site.svc("s001-a").set_vip_held(true);
  site.client().write("s001-a", 1, 1);
  site.net.run_for(Duration::milliseconds(100));
  site.net.partition("s001-a", "s001-b");
  for (std::uint64_t i = 2; i <= 4; ++i) site.client().write("s001-a", i, i);  // acked, async
  site.net.run_for(Duration::milliseconds(100));
  site.svc("s001-a").set_vip_held(false);
  site.svc("s001-b").set_vip_held(true);
  for (std::uint64_t i = 5; i <= 6; ++i) site.client().write("s001-b", i, i);
  site.net.run_for(Duration::milliseconds(100));
  site.net.heal("s001-a", "s001-b");
  site.net.run_for(Duration::seconds(1));
  EXPECT_EQ(site.values("s001-a"), (std::vector<std::uint64_t>{1, 5, 6}));
  EXPECT_EQ(site.svc("s001-a").counters().discarded_entries, 3u);
  const auto discards = site.net.node("s001-a").recorded("data.discard");
  ASSERT_EQ(discards.size(), 1u);
  EXPECT_EQ(discards[0].fields["entries"], 3);
  EXPECT_EQ(discards[0].fields["first_index"], 2);
  EXPECT_TRUE(site.svc("s001-a").in_sync());
  // The discard is durable: after a power loss the old tail does not come back.
  site.net.node("s001-a").power_off();
  site.net.node("s001-a").power_on();
  EXPECT_EQ(site.values("s001-a"), (std::vector<std::uint64_t>{1, 5, 6}));
}

TEST(DataService, DivergentTailBeyondThePrimarysLogIsDiscarded) {
  DataSite site(/*semi_sync=*/false);
  site.svc("s001-a").set_vip_held(true);
  site.client().write("s001-a", 1, 1);
  site.net.run_for(Duration::milliseconds(100));
  site.net.partition("s001-a", "s001-b");
  site.client().write("s001-a", 2, 2);
  site.net.run_for(Duration::milliseconds(100));
  site.svc("s001-a").set_vip_held(false);
  site.svc("s001-b").set_vip_held(true);  // no new writes: b's log is shorter than a's
  site.net.heal("s001-a", "s001-b");
  site.net.run_for(Duration::seconds(1));
  EXPECT_EQ(site.values("s001-a"), std::vector<std::uint64_t>{1});
  EXPECT_EQ(site.svc("s001-a").counters().discarded_entries, 1u);
}

// The whole box: the data primary follows the VIP, and malformed data messages are counted.
TEST(DataServiceInBoxAgent, PrimaryFollowsTheVipAndMalformedMessagesAreCounted) {
  fw::HeartbeatTiming timing;
  TestNetwork net;
  for (auto [self, peer, prio, rank] :
       {std::tuple{"s001-a", "s001-b", 150, 1}, std::tuple{"s001-b", "s001-a", 100, 2}}) {
    net.add_node(self, [=](fw::Platform& p) {
      auto c = ha_box_config(self, peer, prio, timing);
      c.data = {data_config(peer, static_cast<std::uint8_t>(rank), true)};
      return std::make_unique<fw::BoxAgent>(p, c);
    });
  }
  net.add_node("cloud", [](fw::Platform& p) { return std::make_unique<ClientAgent>(p); });
  for (const char* n : {"s001-a", "s001-b", "cloud"}) net.node(n).power_on();
  net.run_for(Duration::seconds(10));
  auto& a = static_cast<fw::BoxAgent&>(*net.node("s001-a").agent());
  auto& b = static_cast<fw::BoxAgent&>(*net.node("s001-b").agent());
  ASSERT_TRUE(a.vrrp()->holds_vip());
  EXPECT_EQ(a.data_services().at("mysql")->role(), fw::DataRole::primary);
  EXPECT_EQ(b.data_services().at("mysql")->role(), fw::DataRole::replica);
  EXPECT_TRUE(b.data_services().at("mysql")->in_sync());
  auto bad = fw::DataWrite{"mysql", 1, 2, 0}.encode();
  bad.pop_back();
  net.inject("cloud", "s001-a",
             seal_as(net, "cloud", "s001-a", fw::encode_envelope(fw::MessageType::data_write, 1, bad)));
  net.run_for(Duration::milliseconds(10));
  EXPECT_EQ(a.inbox().malformed().total(), 1u);
  // a dies: b takes the VIP and promotes its replica with a higher term.
  const std::uint64_t old_term = a.data_services().at("mysql")->term();
  net.node("s001-a").power_off();
  net.run_for(Duration::seconds(10));
  EXPECT_EQ(b.data_services().at("mysql")->role(), fw::DataRole::primary);
  EXPECT_GT(b.data_services().at("mysql")->term(), old_term);
}

// On a real box the data lives in a database server (edgeboxd's data runtime): a box whose
// server is behind its peer's must not take the VIP on priority. Issue 22: a box at priority
// 150 whose MariaDB had missed 170 transactions during a LAN split took the VIP when the split
// healed (linux.netns_data). Its server's lag now counts as not in sync.
TEST(DataServiceInBoxAgent, ABoxWhoseServerIsBehindDoesNotTakeTheVipUntilItCatchesUp) {
  fw::HeartbeatTiming timing;
  TestNetwork net;
  for (auto [self, peer, prio, rank] :
       {std::tuple{"s001-a", "s001-b", 150, 1}, std::tuple{"s001-b", "s001-a", 100, 2}}) {
    net.add_node(self, [=](fw::Platform& p) {
      auto c = ha_box_config(self, peer, prio, timing);
      c.data = {data_config(peer, static_cast<std::uint8_t>(rank), true)};
      return std::make_unique<fw::BoxAgent>(p, c);
    });
  }
  net.node("s001-b").power_on();
  net.run_for(Duration::seconds(10));
  auto& b = static_cast<fw::BoxAgent&>(*net.node("s001-b").agent());
  ASSERT_TRUE(b.vrrp()->holds_vip());
  net.node("s001-a").power_on();
  auto& a = static_cast<fw::BoxAgent&>(*net.node("s001-a").agent());
  a.data_services().at("mysql")->set_server_in_sync(false);  // its server replays b's changes
  net.run_for(Duration::seconds(15));
  EXPECT_FALSE(a.data_services().at("mysql")->in_sync());
  EXPECT_TRUE(b.vrrp()->holds_vip()) << "a preempted with a server behind b's";
  EXPECT_FALSE(a.vrrp()->holds_vip());
  a.data_services().at("mysql")->set_server_in_sync(true);  // caught up
  net.run_for(Duration::seconds(10));
  EXPECT_TRUE(a.vrrp()->holds_vip()) << "a (150, preempt) takes the VIP once its server caught up";
  EXPECT_EQ(a.data_services().at("mysql")->role(), fw::DataRole::primary);
  EXPECT_FALSE(b.vrrp()->holds_vip());
}

TEST(VolumeDataService, AcknowledgesOnlyWhatTheNasAppendedAndFailsWhileItIsDown) {
  NasSite site;
  site.svc("s001-a").set_vip_held(true);
  site.client().write("s001-a", 1, 101);
  site.net.run_for(Duration::milliseconds(50));
  ASSERT_EQ(site.client().writes.at(1).first.status, DataStatus::ok);
  ASSERT_NE(site.volume(), nullptr);
  EXPECT_EQ(site.volume()->at(1).value, 101u);
  site.net.node("nas.s001").power_off();
  site.client().write("s001-a", 2, 102);  // in flight when the NAS died: no answer (unknown)
  site.net.run_for(Duration::seconds(3));
  EXPECT_EQ(site.client().writes.count(2), 0u);
  EXPECT_FALSE(site.svc("s001-a").nas_reachable());
  site.client().write("s001-a", 3, 103);  // the NAS is known down: refused at once
  site.net.run_for(Duration::milliseconds(10));
  EXPECT_EQ(site.client().writes.at(3).first.status, DataStatus::unavailable);
  site.net.node("nas.s001").power_on();
  site.net.run_for(Duration::seconds(2));
  EXPECT_TRUE(site.svc("s001-a").nas_reachable());
  site.client().write("s001-a", 4, 104);
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.client().writes.at(4).first.status, DataStatus::ok);
  EXPECT_EQ(site.volume()->last_index(), 2u);  // 101 and 104: the synced volume survived
}

TEST(VolumeDataService, TheVolumeFencesADeposedPrimarysWrites) {
  NasSite site;
  site.svc("s001-a").set_vip_held(true);
  site.client().write("s001-a", 1, 1);
  site.net.run_for(Duration::milliseconds(50));
  site.svc("s001-b").set_vip_held(true);  // b promoted (a was not told: no fencing in this test)
  site.client().write("s001-b", 2, 2);
  site.net.run_for(Duration::milliseconds(50));
  ASSERT_GT(site.svc("s001-b").term(), site.svc("s001-a").term());
  site.client().write("s001-a", 3, 3);  // the old primary's term is below the volume's
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.client().writes.at(3).first.status, DataStatus::stale_term);
  EXPECT_EQ(site.volume()->last_index(), 2u);
}

}  // namespace
}  // namespace edgetwin::testing
