#pragma once
// The same messages between the same hosts as the firmware's steady state (heartbeats, node
// reports and acks, VRRP adverts, VIP lease requests and replies to the peer and the NAS),
// sent by bare SimGrid actors with no firmware: what the simulation costs without the code
// under test.
#include <cstdint>

#include "edgetwin/model/fleet.hpp"

namespace edgetwin::bench {

struct BaselineCounts {
  std::uint64_t messages = 0;
};

// Runs in the calling process's (only) SimGrid engine for `duration_s`.
BaselineCounts run_raw_baseline(const model::Fleet& fleet, double duration_s);

}  // namespace edgetwin::bench
