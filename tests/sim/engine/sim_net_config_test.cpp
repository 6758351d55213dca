// The twin's VIP table drops a VIP whose lifetime ran out unless the firmware renewed it, as
// the kernel drops an address whose valid_lft ran out (issue 16, item 3): a stalled firmware
// does not keep serving past its lease.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "edgetwin/sim/engine/sim_node.hpp"

namespace edgetwin::sim {
namespace {

using fw::Duration;
using fw::Time;

// A manual clock and calendar standing in for the world loop.
struct Calendar {
  Time now;
  std::multimap<Time, std::function<void()>> due;
  void run_until(Time t) {
    while (!due.empty() && due.begin()->first <= t) {
      auto it = due.begin();
      now = it->first;
      auto action = std::move(it->second);
      due.erase(it);
      action();
    }
    now = t;
  }
};

struct Change {
  std::string vip;
  bool claimed;
  std::string why;
  Time t;
};

struct NetFixture {
  NetFixture()
      : net(
            [this](std::string_view vip, bool claimed, std::string_view why) {
              changes.push_back({std::string(vip), claimed, std::string(why), cal.now});
            },
            [this](Duration lifetime, std::function<void()> check) {
              cal.due.emplace(cal.now + lifetime, std::move(check));
            },
            [this] { return cal.now; }) {}
  Calendar cal;
  std::vector<Change> changes;
  SimNetConfig net;
};

TEST(SimNetConfig, AVipWhoseLifetimeRunsOutIsReleasedSayingWhy) {
  NetFixture f;
  f.net.claim_vip("10.0.0.1", Duration::seconds(2));
  f.cal.run_until(Time{} + Duration::seconds(1));
  f.net.claim_vip("10.0.0.1", Duration::seconds(2));  // a renewal: no new claim event
  f.cal.run_until(Time{} + Duration::milliseconds(2'500));
  ASSERT_EQ(f.changes.size(), 1u);                  // the first lifetime's check found it renewed
  f.cal.run_until(Time{} + Duration::seconds(10));  // the firmware stalled: nothing renews
  ASSERT_EQ(f.changes.size(), 2u);
  EXPECT_FALSE(f.changes[1].claimed);
  EXPECT_EQ(f.changes[1].why, "lifetime");
  EXPECT_EQ(f.changes[1].t, Time{} + Duration::seconds(3));
}

TEST(SimNetConfig, AReleasedOrUnboundedVipIsNotExpired) {
  NetFixture f;
  f.net.claim_vip("10.0.0.1", Duration::seconds(2));
  f.net.release_vip("10.0.0.1");
  f.net.claim_vip("10.0.0.2", std::nullopt);
  f.cal.run_until(Time{} + Duration::seconds(10));
  ASSERT_EQ(f.changes.size(), 3u);
  EXPECT_EQ(f.changes[1].why, "firmware");
  EXPECT_TRUE(f.changes[2].claimed);
}

// A master renews its VIP every advert: one check per renewal would put lifetime/interval
// entries per master in the world's calendar (4,000 sites: most of it). One check waits for
// the latest expiry instead, and the VIP still goes exactly when the last renewal runs out.
TEST(SimNetConfig, ManyRenewalsLeaveOneCheckThatEndsTheVipAtTheLastExpiry) {
  NetFixture f;
  for (int s = 0; s < 20; ++s) {
    f.cal.run_until(Time{} + Duration::seconds(s));
    f.net.claim_vip("10.0.0.1", Duration::seconds(3));
    EXPECT_LE(f.cal.due.size(), 1u) << "after the renewal at " << s << " s";
  }
  f.cal.run_until(Time{} + Duration::seconds(60));
  ASSERT_EQ(f.changes.size(), 2u);
  EXPECT_EQ(f.changes[1].why, "lifetime");
  EXPECT_EQ(f.changes[1].t, Time{} + Duration::seconds(22));  // the renewal at 19 s, plus 3 s
}

// A renewal with a shorter lifetime than the one checked for is not left to the later check.
TEST(SimNetConfig, AShorterLifetimeIsCheckedAtItsOwnExpiry) {
  NetFixture f;
  f.net.claim_vip("10.0.0.1", Duration::seconds(10));
  f.cal.run_until(Time{} + Duration::seconds(1));
  f.net.claim_vip("10.0.0.1", Duration::seconds(2));
  f.cal.run_until(Time{} + Duration::seconds(60));
  ASSERT_EQ(f.changes.size(), 2u);
  EXPECT_EQ(f.changes[1].why, "lifetime");
  EXPECT_EQ(f.changes[1].t, Time{} + Duration::seconds(3));
}

// A VIP released and claimed again is judged by the new claim's check only.
TEST(SimNetConfig, AVipClaimedAgainIsNotEndedByTheOldClaimsCheck) {
  NetFixture f;
  f.net.claim_vip("10.0.0.1", Duration::seconds(2));
  f.net.release_vip("10.0.0.1");
  f.cal.run_until(Time{} + Duration::seconds(1));
  f.net.claim_vip("10.0.0.1", std::nullopt);  // held without a lifetime now
  f.cal.run_until(Time{} + Duration::seconds(60));
  ASSERT_EQ(f.changes.size(), 3u);
  EXPECT_TRUE(f.changes[2].claimed);
}

}  // namespace
}  // namespace edgetwin::sim
