#include "edgetwin/firmware/base/backoff_policy.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace edgetwin::fw {
namespace {

std::vector<std::int64_t> delays_s(BackoffPolicy& policy, Time at, int n) {
  std::vector<std::int64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(policy.next_delay(at).count_ns() / 1'000'000'000);
  return out;
}

TEST(BackoffPolicy, DoublesFromTenSecondsUpToFiveMinutes) {
  BackoffPolicy policy;
  EXPECT_EQ(delays_s(policy, Time{}, 8),
            (std::vector<std::int64_t>{10, 20, 40, 80, 160, 300, 300, 300}));
  EXPECT_EQ(policy.attempts(), 8);
}

TEST(BackoffPolicy, StartsOverAfterTenMinutesRunning) {
  BackoffPolicy policy;
  const Time t0 = Time::from_ns(0);
  delays_s(policy, t0, 3);  // 10, 20, 40
  policy.on_started(t0);
  // Failing just before ten minutes of running continues the sequence...
  EXPECT_EQ(policy.next_delay(t0 + Duration::seconds(599)), Duration::seconds(80));
  const Time t1 = t0 + Duration::seconds(700);
  policy.on_started(t1);
  // ...failing after ten minutes starts it over.
  EXPECT_EQ(policy.next_delay(t1 + Duration::seconds(600)), Duration::seconds(10));
  EXPECT_EQ(policy.attempts(), 1);
}

TEST(BackoffPolicy, NeverStartedMeansNoReset) {
  BackoffPolicy policy;
  policy.next_delay(Time{});
  // Never restarted (still waiting): a later failure is the same crash loop.
  EXPECT_EQ(policy.next_delay(Time{} + Duration::seconds(3600)), Duration::seconds(20));
}

TEST(BackoffPolicy, EveryDurationIsConfigurable) {
  BackoffConfig c;
  c.initial_delay = Duration::milliseconds(500);
  c.multiplier = 3;
  c.max_delay = Duration::seconds(10);
  c.reset_after = Duration::seconds(60);
  BackoffPolicy policy(c);
  std::vector<Duration> got;
  for (int i = 0; i < 5; ++i) got.push_back(policy.next_delay(Time{}));
  EXPECT_EQ(got, (std::vector<Duration>{Duration::milliseconds(500), Duration::milliseconds(1500),
                                        Duration::milliseconds(4500), Duration::seconds(10),
                                        Duration::seconds(10)}));
  policy.on_started(Time{});
  EXPECT_EQ(policy.next_delay(Time{} + Duration::seconds(60)), Duration::milliseconds(500));
}

TEST(BackoffPolicy, ManyAttemptsStayAtTheCap) {
  BackoffPolicy policy;
  for (int i = 0; i < 1000; ++i) policy.next_delay(Time{});
  EXPECT_EQ(policy.next_delay(Time{}), Duration::seconds(300));
}

TEST(BackoffPolicy, ResetStartsOver) {
  BackoffPolicy policy;
  delays_s(policy, Time{}, 4);
  policy.reset();
  EXPECT_EQ(policy.attempts(), 0);
  EXPECT_EQ(policy.next_delay(Time{}), Duration::seconds(10));
}

}  // namespace
}  // namespace edgetwin::fw
