#include "edgetwin/firmware/agents/boot_epoch.hpp"

#include <string_view>

#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

constexpr std::string_view kBootEpochKey = "agent/boot_epoch";

}  // namespace

std::uint32_t advance_boot_epoch(Disk& disk) {
  std::uint32_t epoch = 0;
  if (auto stored = disk.read(kBootEpochKey)) {
    ByteReader r(*stored);
    epoch = r.u32();
    if (!r.ok() || !r.at_end()) epoch = 0;  // a torn record: start over, peers accept >= 0
  }
  ++epoch;
  ByteWriter w;
  w.u32(epoch);
  // Synced: an epoch must never repeat, even across a power loss right after boot.
  disk.write(kBootEpochKey, w.bytes(), Durability::synced);
  return epoch;
}

}  // namespace edgetwin::fw
