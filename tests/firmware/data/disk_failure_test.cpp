// A disk that cannot persist (full, failing fsync): nothing that was not persisted is reported
// appended, and no write is acknowledged on the strength of it (issue 16, item 4).
#include <gtest/gtest.h>

#include "edgetwin/firmware/base/memory_disk.hpp"
#include "edgetwin/firmware/data/replicated_log.hpp"
#include "fixtures/data_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::DataStatus;
using fw::Duration;

TEST(ReplicatedLogDiskFailure, AnAppendThatWasNotPersistedIsNotInTheLog) {
  fw::MemoryDisk disk;
  fw::ReplicatedLog log(disk, "t");
  log.set_current_term(1);
  log.append({1, 10});
  disk.fail_writes(1);
  log.append({1, 11});
  EXPECT_EQ(log.last_index(), 1u) << "an entry the disk refused is reported appended";
  fw::ReplicatedLog reopened(disk, "t");
  EXPECT_EQ(reopened.last_index(), log.last_index()) << "memory and disk disagree";
  log.append({1, 12});  // the disk works again
  EXPECT_EQ(log.last_index(), 2u);
  EXPECT_EQ(log.at(2).value, 12u);
}

TEST(DataServiceDiskFailure, APrimaryThatCannotPersistNeverAcknowledges) {
  DataSite site(/*semi_sync=*/false);
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(100));
  site.net.node("s001-a").memory_disk().fail_writes(1'000);
  site.client().write("s001-a", 1, 7);
  site.net.run_for(Duration::milliseconds(100));
  ASSERT_EQ(site.client().writes.count(1), 1u);
  EXPECT_EQ(site.client().writes.at(1).first.status, DataStatus::unavailable);
  EXPECT_EQ(site.svc("s001-a").log().last_index(), 0u);
  // Unhealthy, said once, counted every time; healthy again once the disk takes a write.
  EXPECT_FALSE(site.svc("s001-a").persisting());
  EXPECT_EQ(site.svc("s001-a").counters().persist_failures, 1u);
  EXPECT_EQ(site.svc("s001-a").counters().acknowledged, 0u);
  ASSERT_EQ(site.net.node("s001-a").recorded("data.disk").size(), 1u);
  EXPECT_EQ(site.net.node("s001-a").recorded("data.disk")[0].fields["persisting"], false);
  site.net.node("s001-a").memory_disk().fail_writes(0);
  site.client().write("s001-a", 2, 8);
  site.net.run_for(Duration::milliseconds(100));
  EXPECT_EQ(site.client().writes.at(2).first.status, DataStatus::ok);
  EXPECT_TRUE(site.svc("s001-a").persisting());
  EXPECT_EQ(site.net.node("s001-a").recorded("data.disk").size(), 2u);
}

TEST(DataServiceDiskFailure, AReplicaThatCannotPersistDoesNotCountForSemiSync) {
  DataSite site(/*semi_sync=*/true);
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(100));
  site.net.node("s001-b").memory_disk().fail_writes(1'000);  // the replica's disk is full
  site.client().write("s001-a", 1, 7);
  site.net.run_for(Duration::seconds(1));  // well within the semi-sync timeout
  EXPECT_EQ(site.client().writes.count(1), 0u) << "acknowledged on a copy the replica never had";
  EXPECT_EQ(site.svc("s001-b").log().last_index(), 0u);
  EXPECT_FALSE(site.svc("s001-b").persisting());
  EXPECT_GT(site.svc("s001-b").counters().persist_failures, 0u);
  site.net.node("s001-b").memory_disk().fail_writes(0);  // space freed: the replica catches up
  site.net.run_for(Duration::seconds(1));
  ASSERT_EQ(site.client().writes.count(1), 1u);
  EXPECT_EQ(site.client().writes.at(1).first.status, DataStatus::ok);
  EXPECT_EQ(site.values("s001-b"), std::vector<std::uint64_t>{7});
  EXPECT_TRUE(site.svc("s001-b").persisting());
}

TEST(DataServiceDiskFailure, APromotionWhoseTermCannotBeStoredDoesNotHappen) {
  DataSite site(/*semi_sync=*/false);
  site.net.node("s001-a").memory_disk().fail_writes(1);
  site.svc("s001-a").set_vip_held(true);
  EXPECT_EQ(site.svc("s001-a").role(), fw::DataRole::replica);
  // The VIP is still held and no other primary replicates: it tries again and serves.
  site.net.run_for(Duration::seconds(5));
  EXPECT_EQ(site.svc("s001-a").role(), fw::DataRole::primary);
}

TEST(VolumeServerDiskFailure, TheNasNeverReportsAnAppendItCouldNotPersist) {
  NasSite site;
  site.svc("s001-a").set_vip_held(true);
  site.client().write("s001-a", 1, 101);
  site.net.run_for(Duration::milliseconds(50));
  ASSERT_EQ(site.client().writes.at(1).first.status, DataStatus::ok);
  site.net.node("nas.s001").memory_disk().fail_writes(1'000);
  site.client().write("s001-a", 2, 102);
  site.net.run_for(Duration::milliseconds(50));
  ASSERT_EQ(site.client().writes.count(2), 1u);
  EXPECT_NE(site.client().writes.at(2).first.status, DataStatus::ok);
  EXPECT_EQ(site.volume()->last_index(), 1u);
}

}  // namespace
}  // namespace edgetwin::testing

namespace edgetwin::testing {
namespace {

// The replica took the new term in memory but its record failed: entries of that term wait
// for it, so the next append must try the record again rather than refuse them for good.
TEST(DataServiceDiskFailure, AReplicaRetriesATermRecordThatFailedOnce) {
  DataSite site(/*semi_sync=*/true);
  site.net.node("s001-b").memory_disk().fail_writes(1);  // the new term's record
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(100));
  EXPECT_FALSE(site.svc("s001-b").persisting());
  site.client().write("s001-a", 1, 7);
  site.net.run_for(Duration::seconds(1));
  ASSERT_EQ(site.client().writes.count(1), 1u) << "the replica never stored its term again";
  EXPECT_EQ(site.client().writes.at(1).first.status, fw::DataStatus::ok);
  EXPECT_TRUE(site.svc("s001-b").persisting());
  site.net.node("s001-b").power_off();  // what the replica acknowledged survives, term and all
  site.net.node("s001-b").power_on();
  EXPECT_EQ(site.values("s001-b"), std::vector<std::uint64_t>{7});
  EXPECT_EQ(site.svc("s001-b").term(), site.svc("s001-a").term());
}

}  // namespace
}  // namespace edgetwin::testing
