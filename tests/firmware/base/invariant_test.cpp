#include "edgetwin/firmware/base/invariant.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edgetwin/firmware/base/driver.hpp"

namespace edgetwin::fw {
namespace {

// An agent whose one invariant is "not broken"; a datagram or a timer may break it.
class BreakableAgent final : public Agent {
 public:
  void boot() override {}
  void on_datagram(const Address&, Channel, std::span<const std::byte> datagram) override {
    broken_ = !datagram.empty();
  }
  void check_invariants() const override {
    ++checks_;
    EDGETWIN_ASSERT(!broken_, "the agent is not broken");
  }
  void breaks() { broken_ = true; }
  int checks() const { return checks_; }

 private:
  bool broken_ = false;
  mutable int checks_ = 0;
};

TEST(Invariant, AssertStaysOnInEveryBuildAndSaysWhichInvariantBroke) {
  // This file is compiled like the firmware (RelWithDebInfo defines NDEBUG in CI): a plain
  // assert would be gone, EDGETWIN_ASSERT is not.
  try {
    EDGETWIN_ASSERT(1 + 1 == 3, "arithmetic holds");
    FAIL() << "EDGETWIN_ASSERT did not fire";
  } catch (const InvariantViolation& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("invariant broken: arithmetic holds (1 + 1 == 3)"), std::string::npos)
        << what;
    EXPECT_NE(what.find("invariant_test.cpp:"), std::string::npos) << what;
  }
}

TEST(Invariant, TheDriverChecksAfterEveryDatagramAndEveryWakeUpsTimers) {
  BreakableAgent agent;
  TimerQueue timers;
  Driver driver(agent, timers);
  timers.add(Time::from_ns(10), [] {});
  timers.add(Time::from_ns(10), [] {});
  driver.step(Time::from_ns(10), Datagram{Address{"peer"}, Channel::firmware, {}});
  EXPECT_EQ(agent.checks(), 2);  // the two timers due (fired first), then the datagram

  const Bytes poison{std::byte{1}};
  EXPECT_THROW(driver.step(Time::from_ns(20), Datagram{Address{"peer"}, Channel::firmware, poison}),
               InvariantViolation);

  BreakableAgent by_timer;
  TimerQueue later;
  Driver timer_driver(by_timer, later);
  later.add(Time::from_ns(5), [&] { by_timer.breaks(); });
  EXPECT_THROW(timer_driver.step(Time::from_ns(5), std::nullopt), InvariantViolation);
}

// A box whose loop was held up (SIGSTOP, swap, a slow fsync) wakes to a datagram and to timers
// that came due meanwhile. Its state must reflect the time first: a lease that ran out while
// the process was frozen is over before the next datagram is judged against it (found by the
// `stall` fault: the VIP lease's invariant broke on the first datagram after a stall).
class OrderAgent final : public Agent {
 public:
  void boot() override {}
  void on_datagram(const Address&, Channel, std::span<const std::byte>) override {
    order.push_back("datagram");
  }
  void check_invariants() const override {}
  std::vector<std::string> order;
};

TEST(Invariant, TimersThatCameDueFireBeforeTheNextDatagramIsHandled) {
  OrderAgent agent;
  TimerQueue timers;
  Driver driver(agent, timers);
  timers.add(Time::from_ns(5), [&] { agent.order.push_back("timer"); });
  driver.step(Time::from_ns(6), Datagram{Address{"peer"}, Channel::firmware, {}});
  EXPECT_EQ(agent.order, (std::vector<std::string>{"timer", "datagram"}));
}

}  // namespace
}  // namespace edgetwin::fw
