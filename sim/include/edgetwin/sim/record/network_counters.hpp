#pragma once
// The network's counters of a run, as the engine counts them and the metrics read them.
#include <cstdint>

namespace edgetwin::sim {

// Counters the twin keeps about the simulated network (not the firmware's own).
struct NetworkCounters {
  std::uint64_t datagrams_sent = 0;
  std::uint64_t wan_bytes = 0;       // bytes of datagrams and pulls that cross a WAN link
  std::uint64_t pulled_bytes = 0;    // bytes of completed pulls (images), WAN or LAN
  std::uint64_t datagrams_lost = 0;  // to a powered-off host, or cut by a failing link
  std::uint64_t dropped_stale = 0;   // sent before the receiver's current boot
};

}  // namespace edgetwin::sim
