#pragma once
// A Disk held in memory, for the simulated and the test backends. It keeps what a real disk
// keeps: `power_loss()` forgets every write that was not synced, back to the last synced value.
#include <map>
#include <optional>
#include <string>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

class MemoryDisk final : public Disk {
 public:
  std::optional<Bytes> read(std::string_view key) const override;
  void write(std::string_view key, std::span<const std::byte> value, Durability d) override;
  void remove(std::string_view key) override;

  void power_loss();  // unsynced writes are lost
  void wipe();        // the disk itself is lost

 private:
  struct Entry {
    std::optional<Bytes> current;  // nullopt: removed
    std::optional<Bytes> synced;   // what survives a power loss
  };
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace edgetwin::fw
