#pragma once
// A box's boot epoch (wire.hpp's sender_epoch): one more at every boot, so that peers drop what
// an earlier boot sent. Shared by the box agent and the first-boot agent, which talks to the
// cloud before the box agent runs, and by edgeboxd's setup console.
#include <cstdint>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

// Reads, increments and durably stores the epoch.
std::uint32_t advance_boot_epoch(Disk& disk);

}  // namespace edgetwin::fw
