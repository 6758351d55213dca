#pragma once
// Real timing for the firmware in the twin (docs/simulation.md, "Real timing"): on a box a
// timer fires after its deadline (the kernel's timer slack, then the scheduler), and the
// datagrams one wake-up sends leave one after the other, a syscall apart. The twin's exact
// clock hid boundary bugs (a lease request that left microseconds before the advert it raced,
// issue 16 item 9); with these, the twin's boxes are late and sequential like real ones.
//
// The numbers are measured on edgeboxd's own loop (EventLoop: timerfd + epoll, then the
// driver) with tests/linux/loop_timing_probe on the 2-core development machine under load
// (load average ~9 while builds ran): 3,000 timers 1-20 ms ahead, 20,000 UDP sends.
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::sim {

struct LoopTiming {
  // How late one timer fires: a draw from the measured distribution (piecewise linear
  // between its quantiles: min 20.7 us, p50 45.8 us, p90 62.1 us, p99 3.9 ms, max 4.2 ms).
  static fw::Duration timer_lateness(fw::Rng& rng);
  // What one send costs the loop (the measured median of sendto: 4.7 us; its p99 is 5.3 us).
  static constexpr fw::Duration kSendCost = fw::Duration::nanoseconds(4'700);
};

}  // namespace edgetwin::sim
