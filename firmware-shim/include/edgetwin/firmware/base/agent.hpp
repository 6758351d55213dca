#pragma once
// An agent is the firmware of one node: a state machine driven by datagrams and timers.
#include <span>

#include "edgetwin/firmware/base/address.hpp"

namespace edgetwin::fw {

class Agent {
 public:
  virtual ~Agent() = default;
  virtual void boot() = 0;  // power on (again): read durable state, arm timers
  virtual void on_datagram(const Address& from, Channel channel,
                           std::span<const std::byte> datagram) = 0;
  // The agent's safety invariants (EDGETWIN_ASSERT), checked by the driver after every
  // datagram and after the timers of each wake-up, in the twin and on a box alike.
  virtual void check_invariants() const {}
  // A hint from an event loop that knows this agent runs next (the twin's world loop does;
  // a box's loop has nothing else to do and need not call it): start loading the state a
  // wake-up reads first into the cache. Reads pointers only; changes nothing.
  virtual void prefetch() const {}
};

}  // namespace edgetwin::fw
