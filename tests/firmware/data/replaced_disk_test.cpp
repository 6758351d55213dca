// A box whose disk was replaced (or wiped) must not become the data of record while its peer
// holds writes it does not: found by `edgetwin explore` (scenarios/found-wiped-box-...). The
// VIP elects the data primary, and VRRP elects on priority, so the fix is two-sided: the box
// refuses to promote until it knows it holds every write the site acknowledged (joined), and it
// yields the VIP (lowest priority) once its peer reports the longer log, so that the peer with
// the data takes it.
#include <gtest/gtest.h>

#include "fixtures/data_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::DataRole;
using fw::DataStatus;
using fw::Duration;

// Both boxes lose power while a semi-sync primary has acknowledged `writes` writes, and s001-a's
// disk is replaced before they come back.
void acknowledge_then_replace_disk(DataSite& site, std::uint64_t writes) {
  site.svc("s001-b").set_vip_held(true);
  for (std::uint64_t i = 1; i <= writes; ++i) site.client().write("s001-b", i, 100 + i);
  site.net.run_for(Duration::seconds(1));
  ASSERT_EQ(site.client().writes.size(), writes);
  for (const auto& [request, reply] : site.client().writes)
    ASSERT_EQ(reply.first.status, DataStatus::ok) << "write " << request;
  for (const char* box : {"s001-a", "s001-b"}) site.net.node(box).power_off();
  site.net.node("s001-a").memory_disk().wipe();
}

TEST(ReplacedDisk, ABoxOnANewDiskNeverPromotesOverItsPeersAcknowledgedWrites) {
  DataSite site;
  acknowledge_then_replace_disk(site, 5);
  for (const char* box : {"s001-a", "s001-b"}) site.net.node(box).power_on();
  // VRRP hands s001-a the VIP (its configured priority is the higher one).
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::seconds(1));
  EXPECT_EQ(site.svc("s001-a").role(), DataRole::replica) << "promoted an empty log";
  EXPECT_FALSE(site.svc("s001-a").joined());
  EXPECT_TRUE(site.svc("s001-a").yields_vip());
  EXPECT_FALSE(site.svc("s001-b").yields_vip());
  const auto deferred = site.net.node("s001-a").recorded("data.promotion_deferred");
  ASSERT_FALSE(deferred.empty());
  EXPECT_EQ(deferred[0].fields["why"], "new-disk");
  // Its priority gave the VIP to s001-b, which serves every acknowledged write.
  site.svc("s001-a").set_vip_held(false);
  site.svc("s001-b").set_vip_held(true);
  site.net.run_for(Duration::seconds(1));
  EXPECT_EQ(site.svc("s001-b").role(), DataRole::primary);
  EXPECT_EQ(site.values("s001-b"), (std::vector<std::uint64_t>{101, 102, 103, 104, 105}));
  // s001-a caught up from the primary: it stops yielding and may take the VIP back.
  EXPECT_EQ(site.values("s001-a"), site.values("s001-b"));
  EXPECT_TRUE(site.svc("s001-a").in_sync());
  EXPECT_FALSE(site.svc("s001-a").yields_vip());
  site.svc("s001-b").set_vip_held(false);
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::seconds(1));
  EXPECT_EQ(site.svc("s001-a").role(), DataRole::primary);
  EXPECT_EQ(site.values("s001-a"), (std::vector<std::uint64_t>{101, 102, 103, 104, 105}));
}

TEST(ReplacedDisk, ABoxOnANewDiskWaitsForItsPeerAndDoesNotForgetAcrossAReboot) {
  DataSite site;
  acknowledge_then_replace_disk(site, 3);
  site.net.node("s001-a").power_on();  // its peer stays down
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::seconds(5));
  EXPECT_EQ(site.svc("s001-a").role(), DataRole::replica);
  EXPECT_FALSE(site.svc("s001-a").joined());
  site.client().write("s001-a", 10, 7);
  site.net.run_for(Duration::milliseconds(100));
  ASSERT_EQ(site.client().writes.count(10), 1u);
  EXPECT_EQ(site.client().writes.at(10).first.status, DataStatus::not_primary);
  // Rebooting does not make the new disk an old one.
  site.net.node("s001-a").power_off();
  site.net.node("s001-a").power_on();
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::seconds(1));
  EXPECT_EQ(site.svc("s001-a").role(), DataRole::replica);
  // The peer returns: it reports the longer log; s001-a still holds the VIP (as when it is
  // the only box VRRP sees) and waits; once s001-b is primary, s001-a catches up.
  site.net.node("s001-b").power_on();
  site.net.run_for(Duration::seconds(1));
  EXPECT_EQ(site.svc("s001-a").role(), DataRole::replica);
  site.svc("s001-a").set_vip_held(false);
  site.svc("s001-b").set_vip_held(true);
  site.net.run_for(Duration::seconds(1));
  EXPECT_EQ(site.values("s001-a"), (std::vector<std::uint64_t>{101, 102, 103}));
}

TEST(ReplacedDisk, AFactoryNewSitePromotesOnceBothBoxesHaveMet) {
  DataSite site(/*semi_sync=*/true, /*established=*/false);
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.svc("s001-a").role(), DataRole::primary);
  EXPECT_FALSE(site.svc("s001-a").yields_vip());
  EXPECT_FALSE(site.svc("s001-b").yields_vip());
  // Met once is remembered: after a power loss with its peer gone, the box serves alone.
  site.net.node("s001-b").power_off();
  site.net.node("s001-a").power_off();
  site.net.node("s001-a").power_on();
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::seconds(1));
  EXPECT_EQ(site.svc("s001-a").role(), DataRole::primary);
}

TEST(ReplacedDisk, AReplicaThatReportsALongerLogMakesItsPeerYield) {
  // Async: s001-b acknowledged writes while s001-a was cut off (losable by design); after a
  // site power loss s001-a knows from s001-b's report that it is behind and yields the VIP.
  DataSite site(/*semi_sync=*/false);
  site.svc("s001-b").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(100));
  site.net.partition("s001-a", "s001-b");
  for (std::uint64_t i = 1; i <= 4; ++i) site.client().write("s001-b", i, i);
  site.net.run_for(Duration::milliseconds(100));
  site.net.heal("s001-a", "s001-b");
  for (const char* box : {"s001-a", "s001-b"}) site.net.node(box).power_off();
  for (const char* box : {"s001-a", "s001-b"}) site.net.node(box).power_on();
  site.net.run_for(Duration::seconds(1));
  EXPECT_TRUE(site.svc("s001-a").yields_vip());
  EXPECT_FALSE(site.svc("s001-b").yields_vip());
}

}  // namespace
}  // namespace edgetwin::testing
