// The lost-write checker over a compacted log (issue 16, item 8): the values after the snapshot
// are checked as before, and an acknowledged write in the compacted prefix, which the log can
// no longer show, is counted lost rather than assumed kept.
#include "edgetwin/sim/workloads/data_checker.hpp"

#include <gtest/gtest.h>

#include "edgetwin/firmware/base/memory_disk.hpp"
#include "edgetwin/firmware/data/replicated_log.hpp"

namespace edgetwin::sim {
namespace {

using fw::ReplicatedLog;

Operation ok_write(std::uint64_t request, std::uint64_t index) {
  Operation op;
  op.site = "s001";
  op.app = "mysql";
  op.kind = "write";
  op.request = request;
  op.value = 1000 + index;
  op.outcome = "ok";
  op.term = 1;
  op.index = index;
  return op;
}

TEST(DataChecker, ACompactedLogIsCheckedFromItsSnapshotAndHidesNoLoss) {
  fw::MemoryDisk disk;
  ReplicatedLog log(disk, "t");
  log.set_current_term(1);
  const std::uint64_t n = ReplicatedLog::kRetainedMin + 2 * ReplicatedLog::kSegmentEntries + 3;
  for (std::uint64_t i = 1; i <= n; ++i) ASSERT_TRUE(log.append({1, 1000 + i}));
  ASSERT_TRUE(log.compact(n));
  const std::uint64_t snap = log.snapshot().index;
  ASSERT_GT(snap, 0u);
  const FinalState final = final_state({ServiceAtEnd{"s001-a", true, 1, &log}});
  EXPECT_EQ(final.compacted_through, snap);
  EXPECT_EQ(final.values.size(), n - snap + 1) << "the retained entries and the snapshot's value";
  History history;
  history.add(ok_write(1, n));         // retained: kept
  history.add(ok_write(2, snap));      // the snapshot's own value: kept
  history.add(ok_write(3, snap - 1));  // compacted: cannot be shown, so counted lost
  const auto checks = check_history(history, {{{"s001", "mysql"}, final}});
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].acknowledged, 3);
  EXPECT_EQ(checks[0].lost, 1);
}

}  // namespace
}  // namespace edgetwin::sim
