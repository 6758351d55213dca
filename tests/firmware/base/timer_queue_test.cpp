#include <gtest/gtest.h>

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

}  // namespace
}  // namespace edgetwin::fw
