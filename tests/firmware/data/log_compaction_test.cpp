// The replicated log compacts (issue 16, item 8): a log that has appended and applied more
// than kEntriesMax entries keeps accepting writes, a reboot reads a bounded number of keys, a
// compaction the disk refuses leaves the old state, and a replica behind the primary's
// compacted prefix catches up by adopting its snapshot.
#include <gtest/gtest.h>

#include <string>

#include "edgetwin/firmware/base/memory_disk.hpp"
#include "edgetwin/firmware/data/replicated_log.hpp"
#include "fixtures/data_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;
using fw::ReplicatedLog;

constexpr std::uint64_t kN = ReplicatedLog::kSegmentEntries;
constexpr std::uint64_t kK = ReplicatedLog::kRetainedMin;

// Counts the reads a log makes; from write number `crash_at` on, changes nothing (the box lost
// power there), or fails only that write (`fail_once`).
class CountingDisk final : public fw::Disk {
 public:
  explicit CountingDisk(fw::Disk& inner) : inner_(inner) {}
  std::optional<fw::Bytes> read(std::string_view key) const override {
    ++reads;
    return inner_.read(key);
  }
  bool write(std::string_view key, std::span<const std::byte> value, fw::Durability d) override {
    ++writes;
    if (writes == crash_at && fail_once) return false;
    if (crash_at != 0 && writes >= crash_at && !fail_once) return false;
    return inner_.write(key, value, d);
  }
  void remove(std::string_view key) override {
    if (crash_at == 0 || writes < crash_at || fail_once) inner_.remove(key);
  }
  mutable std::uint64_t reads = 0;
  std::uint64_t writes = 0;
  std::uint64_t crash_at = 0;
  bool fail_once = false;

 private:
  fw::Disk& inner_;
};

void expect_same(const ReplicatedLog& a, const ReplicatedLog& b) {
  EXPECT_EQ(a.snapshot(), b.snapshot());
  ASSERT_EQ(a.last_index(), b.last_index());
  for (std::uint64_t i = a.first_index(); i <= a.last_index(); ++i) ASSERT_EQ(a.at(i), b.at(i));
}

TEST(ReplicatedLogCompaction, AnAppliedLogBeyondTheOldLimitKeepsAcceptingWritesAndBootsBounded) {
  fw::MemoryDisk disk;
  ReplicatedLog log(disk, "t");
  log.set_current_term(1);
  const std::uint64_t n = ReplicatedLog::kEntriesMax + 10;
  for (std::uint64_t i = 1; i <= n; ++i) {
    ASSERT_FALSE(log.full()) << "refuses writes after " << i - 1 << " applied entries";
    ASSERT_EQ(log.append({1, i}), i);
    ASSERT_TRUE(log.compact(i));  // as a box without a replica does: every entry is safe
  }
  log.check_invariants();
  EXPECT_EQ(log.last_index(), n);
  EXPECT_GE(log.last_index() - log.snapshot().index, kK) << "keeps the last kRetainedMin";
  EXPECT_EQ(log.at(log.snapshot().index).value, log.snapshot().index) << "the folded value";
  disk.power_loss();  // compaction writes are synced
  CountingDisk counting(disk);
  ReplicatedLog reopened(counting, "t");
  reopened.check_invariants();
  expect_same(log, reopened);
  EXPECT_LE(counting.reads, 4 + kK / kN + 1 + kN) << "boot reads one key per entry";
}

// A compaction writes the segments below the safe index (128 here), then the snapshot record:
// a failure of any of them leaves the old state, and a crash at any write boots a log holding
// every entry.
TEST(ReplicatedLogCompaction, ACompactionTheDiskRefusesOrACrashInterruptsLosesNothing) {
  const std::uint64_t n = kK + 2 * kN + 3;
  for (const bool fail_once : {true, false}) {
    for (const std::uint64_t k : {1u, 64u, 128u, 129u, 130u}) {
      fw::MemoryDisk disk;
      CountingDisk flaky(disk);
      ReplicatedLog log(flaky, "t");
      log.set_current_term(1);
      for (std::uint64_t i = 1; i <= n; ++i) ASSERT_TRUE(log.append({1, i}));
      flaky.writes = 0;
      flaky.crash_at = k;
      flaky.fail_once = fail_once;
      const bool done = log.compact(n);
      EXPECT_EQ(done, k > 129) << "write " << k;
      EXPECT_EQ(log.snapshot().index, done ? 2 * kN : 0);
      log.check_invariants();
      disk.power_loss();
      ReplicatedLog reopened(disk, "t");
      reopened.check_invariants();
      expect_same(log, reopened);
      ASSERT_EQ(reopened.last_index(), n) << "write " << k;
      for (std::uint64_t i = reopened.first_index(); i <= n; ++i)
        ASSERT_EQ(reopened.at(i).value, i);
    }
  }
}

TEST(ReplicatedLogCompaction, AppendsAndTruncationsAfterACompactionSurviveAReboot) {
  fw::MemoryDisk disk;
  ReplicatedLog log(disk, "t");
  log.set_current_term(1);
  for (std::uint64_t i = 1; i <= kK + 2 * kN + 10; ++i) ASSERT_TRUE(log.append({1, i}));
  ASSERT_TRUE(log.compact(log.last_index()));
  ASSERT_TRUE(log.append({1, 7}));
  ASSERT_EQ(log.truncate_after(log.last_index() - 2), 2u);
  expect_same(log, ReplicatedLog(disk, "t"));
  // Into the sealed segments (a box that lost its log became primary): they are unsealed.
  ASSERT_EQ(log.truncate_after(log.snapshot().index + kN + 5), kK - kN + 4);
  log.check_invariants();
  ASSERT_TRUE(log.append({1, 8}));
  disk.power_loss();
  expect_same(log, ReplicatedLog(disk, "t"));
  // A snapshot installed from a primary replaces the whole log, on disk too.
  log.set_current_term(2);
  ASSERT_TRUE(log.install_snapshot({8 * kK, 2, 99}));
  ASSERT_TRUE(log.append({2, 100}));
  ReplicatedLog reopened(disk, "t");
  reopened.check_invariants();
  expect_same(log, reopened);
  EXPECT_EQ(reopened.at(8 * kK).value, 99u);
}

// A replacement box (its disk lost) behind the primary's compacted prefix adopts the snapshot,
// catches up with the entries after it, and serves the same value once promoted.
TEST(ReplicatedLogCompaction, AReplicaBehindTheCompactedPrefixInstallsTheSnapshot) {
  DataSite site(/*semi_sync=*/false);
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(100));
  const std::uint64_t writes = kK + 2 * kN + 5;
  for (std::uint64_t i = 1; i <= writes; ++i) {
    site.client().write("s001-a", i, 1000 + i);
    if (i % 32 == 0) site.net.run_for(Duration::milliseconds(5));
  }
  site.net.run_for(Duration::seconds(1));
  const auto& primary = site.svc("s001-a").log();
  ASSERT_EQ(primary.last_index(), writes);
  ASSERT_GT(primary.snapshot().index, 0u) << "the primary never compacted";
  EXPECT_EQ(site.svc("s001-b").log().snapshot(), primary.snapshot()) << "the replica compacts too";
  site.net.node("s001-b").power_off();
  site.net.node("s001-b").memory_disk().wipe();
  site.net.node("s001-b").power_on();
  site.net.run_for(Duration::seconds(60));
  const auto& replica = site.svc("s001-b").log();
  EXPECT_EQ(replica.snapshot(), primary.snapshot());
  EXPECT_EQ(site.values("s001-b"), site.values("s001-a"));
  EXPECT_TRUE(site.svc("s001-b").in_sync());
  EXPECT_EQ(site.net.node("s001-b").recorded("data.snapshot").size(), 1u);
  site.svc("s001-b").check_invariants();
  site.svc("s001-a").set_vip_held(false);
  site.svc("s001-b").set_vip_held(true);
  site.client().read("s001-b", writes + 1);
  site.net.run_for(Duration::milliseconds(100));
  ASSERT_EQ(site.client().reads.size(), 1u);
  EXPECT_EQ(site.client().reads[0].value, 1000 + writes);
}

// A box that lost its disk became primary: the replica's compacted prefix is not in the new
// primary's log, so the replica drops its log and takes the primary's, instead of looping.
// Before issue 16's replaced-disk fix, the wiped box became primary here and its peer dropped
// its compacted log for the empty one ("snapshot-not-on-primary"), losing every write. Now the
// wiped box does not promote while its peer holds more; once the peer is primary, it adopts the
// peer's snapshot and catches up.
TEST(ReplicatedLogCompaction, AWipedBoxAdoptsItsPeersSnapshotInsteadOfPromotingAnEmptyLog) {
  DataSite site(/*semi_sync=*/false);
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::milliseconds(100));
  const std::uint64_t writes = kK + 2 * kN + 5;
  for (std::uint64_t i = 1; i <= writes; ++i) {
    site.client().write("s001-a", i, 1000 + i);
    if (i % 32 == 0) site.net.run_for(Duration::milliseconds(5));
  }
  site.net.run_for(Duration::seconds(1));
  ASSERT_GT(site.svc("s001-b").log().snapshot().index, 0u);
  site.net.node("s001-a").power_off();
  site.net.node("s001-a").memory_disk().wipe();
  site.net.node("s001-a").power_on();
  site.svc("s001-a").set_vip_held(true);
  site.net.run_for(Duration::seconds(5));
  EXPECT_EQ(site.svc("s001-a").role(), fw::DataRole::replica);
  EXPECT_TRUE(site.svc("s001-a").yields_vip());
  EXPECT_TRUE(site.net.node("s001-b").recorded("data.snapshot").empty());
  site.svc("s001-a").set_vip_held(false);
  site.svc("s001-b").set_vip_held(true);
  site.net.run_for(Duration::seconds(15));  // the retained tail streams 48 entries per ack
  ASSERT_EQ(site.svc("s001-b").role(), fw::DataRole::primary);
  EXPECT_EQ(site.values("s001-a"), site.values("s001-b"));
  EXPECT_EQ(site.svc("s001-a").log().last_index(), writes);
  EXPECT_EQ(site.svc("s001-a").log().snapshot(), site.svc("s001-b").log().snapshot());
  const auto adopted = site.net.node("s001-a").recorded("data.snapshot");
  ASSERT_EQ(adopted.size(), 1u);
  EXPECT_EQ(adopted[0].fields["why"], "behind-primary-snapshot");
  EXPECT_TRUE(site.svc("s001-a").in_sync());
  EXPECT_FALSE(site.svc("s001-a").yields_vip());
  site.svc("s001-a").check_invariants();
}

}  // namespace
}  // namespace edgetwin::testing
