#pragma once
// A Disk held in memory, for the simulated and the test backends. It keeps what a real disk
// keeps: `power_loss()` forgets every write that was not synced, back to the last synced value.
// `fail_writes(n)` makes the next n writes fail (the simulated disk is full or its fsync errs):
// a failed write changes nothing, as a FileDisk write whose temporary file could not be
// written and renamed changes nothing.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

class MemoryDisk final : public Disk {
 public:
  std::optional<Bytes> read(std::string_view key) const override;
  bool write(std::string_view key, std::span<const std::byte> value, Durability d) override;
  void remove(std::string_view key) override;

  void power_loss();  // unsynced writes are lost
  void wipe();        // the disk itself is lost
  void fail_writes(std::uint64_t n) { writes_to_fail_ = n; }
  std::uint64_t failed_writes() const { return failed_writes_; }

 private:
  struct Entry {
    std::optional<Bytes> current;  // nullopt: removed
    std::optional<Bytes> synced;   // what survives a power loss
  };
  std::map<std::string, Entry, std::less<>> entries_;
  std::uint64_t writes_to_fail_ = 0;
  std::uint64_t failed_writes_ = 0;
};

}  // namespace edgetwin::fw
