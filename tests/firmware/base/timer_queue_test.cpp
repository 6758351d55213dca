#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "edgetwin/firmware/base/timer_queue.hpp"

namespace edgetwin::fw {
namespace {

TEST(TimerQueue, FiresInDeadlineOrderAndTiesInInsertionOrder) {
  TimerQueue q;
  std::vector<int> fired;
  const Time t = Time::from_ns(1000);
  q.add(t + Duration::nanoseconds(5), [&] { fired.push_back(3); });
  q.add(t, [&] { fired.push_back(1); });
  q.add(t, [&] { fired.push_back(2); });
  EXPECT_EQ(q.next_deadline(), t);
  while (auto cb = q.pop_due(t + Duration::nanoseconds(5))) (*cb)();
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3}));
}

TEST(TimerQueue, CancelledTimersNeverFireAndLateOnesWait) {
  TimerQueue q;
  int fired = 0;
  const TimerId a = q.add(Time::from_ns(10), [&] { ++fired; });
  q.add(Time::from_ns(20), [&] { fired += 10; });
  q.cancel(a);
  q.cancel(a);  // twice is harmless
  EXPECT_FALSE(q.pop_due(Time::from_ns(19)));
  auto cb = q.pop_due(Time::from_ns(20));
  ASSERT_TRUE(cb);
  (*cb)();
  EXPECT_EQ(fired, 10);
  EXPECT_EQ(q.size(), 0u);
}

// A slot is reused after its timer fired: the old id must not cancel the new timer.
TEST(TimerQueue, AnOldIdNeverCancelsTheTimerThatReusedItsSlot) {
  TimerQueue q;
  int fired = 0;
  const TimerId first = q.add(Time::from_ns(1), [&] { fired += 1; });
  (*q.pop_due(Time::from_ns(1)))();
  const TimerId second = q.add(Time::from_ns(2), [&] { fired += 10; });
  EXPECT_NE(first, second);
  q.cancel(first);
  auto cb = q.pop_due(Time::from_ns(2));
  ASSERT_TRUE(cb);
  (*cb)();
  EXPECT_EQ(fired, 11);
}

// The VRRP pattern: a timer re-armed thousands of times (cancel, add) keeps the queue small
// and the order right against a reference (a sorted list).
TEST(TimerQueue, ManyRearmsKeepOrderAndSize) {
  TimerQueue q;
  std::vector<std::pair<std::int64_t, int>> expected;  // (deadline, tag) of live timers
  std::vector<TimerId> ids;
  std::uint64_t x = 12345;
  auto next = [&] { x = x * 6364136223846793005ULL + 1442695040888963407ULL; return x >> 33; };
  std::vector<int> fired;
  for (int i = 0; i < 5000; ++i) {
    const auto deadline = static_cast<std::int64_t>(next() % 1000);
    ids.push_back(q.add(Time::from_ns(deadline), [&fired, i] { fired.push_back(i); }));
    expected.emplace_back(deadline, i);
    if (i % 3 == 0) {  // cancel an earlier one, as a re-armed timer does
      const auto victim = static_cast<std::size_t>(next() % ids.size());
      q.cancel(ids[victim]);
      std::erase_if(expected, [&](const auto& e) { return e.second == static_cast<int>(victim); });
    }
  }
  EXPECT_EQ(q.size(), expected.size());
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  while (auto cb = q.pop_due(Time::from_ns(1000))) (*cb)();
  std::vector<int> order;
  for (const auto& e : expected) order.push_back(e.second);
  EXPECT_EQ(fired, order);
  EXPECT_EQ(q.size(), 0u);
  EXPECT_FALSE(q.next_deadline());
}

}  // namespace
}  // namespace edgetwin::fw
