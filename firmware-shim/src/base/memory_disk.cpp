#include "edgetwin/firmware/base/memory_disk.hpp"

namespace edgetwin::fw {

std::optional<Bytes> MemoryDisk::read(std::string_view key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second.current;
}

bool MemoryDisk::write(std::string_view key, std::span<const std::byte> value, Durability d) {
  if (writes_to_fail_ > 0) {
    --writes_to_fail_;
    ++failed_writes_;
    return false;
  }
  Entry& e = entries_[std::string(key)];
  e.current = Bytes(value.begin(), value.end());
  if (d == Durability::synced) e.synced = e.current;
  return true;
}

void MemoryDisk::remove(std::string_view key) {
  auto it = entries_.find(key);
  if (it != entries_.end()) it->second.current.reset();  // a removal is unsynced until synced
}

void MemoryDisk::power_loss() {
  for (auto& [key, e] : entries_) e.current = e.synced;
}

void MemoryDisk::wipe() { entries_.clear(); }

}  // namespace edgetwin::fw
