#pragma once
// The one driver loop of the firmware, written once for every backend. A backend only knows
// how to wait: until a datagram arrives or the next timer is due.
#include <optional>
#include <span>

#include "edgetwin/firmware/base/agent.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/timer_queue.hpp"

namespace edgetwin::fw {

struct Datagram {
  Address from;
  Channel channel = Channel::firmware;
  Bytes bytes;
};

class Waiter {
 public:
  virtual ~Waiter() = default;
  virtual Time now() const = 0;
  // Blocks until a datagram arrives (returned) or `deadline` passes (nullopt). No deadline:
  // wait for a datagram only.
  virtual std::optional<Datagram> wait(std::optional<Time> deadline) = 0;
};

class Driver {
 public:
  // Bound on timers fired in one wake-up: a timer that re-arms itself at `now` forever is a bug.
  static constexpr int kTimersPerWakeMax = 100'000;

  Driver(Agent& agent, TimerQueue& timers) : agent_(agent), timers_(timers) {}

  std::optional<Time> next_deadline() const { return timers_.next_deadline(); }
  // One wake-up: run every timer due at `now`, hand over the datagram (if any), then run what
  // it made due. Timers first, so a process held up (SIGSTOP, a slow fsync) judges the
  // datagram with the state its clock says, not the state from before the hold-up.
  void step(Time now, std::optional<Datagram> datagram);
  // The same wake-up for a datagram the backend keeps in its own buffer (no copy).
  void deliver(Time now, const Address& from, Channel channel, std::span<const std::byte> bytes);
  // A wake-up without a datagram: runs every timer due at `now`.
  void fire_due(Time now);
  // Runs forever on a blocking backend (a simulated host's actor, a real box's main).
  [[noreturn]] void run(Waiter& waiter);

 private:
  Agent& agent_;
  TimerQueue& timers_;
};

}  // namespace edgetwin::fw
