#pragma once
// The control plane's audit trail: who asked for which command on which cluster, and whether
// it was allowed (a denial names the missing permission). Each entry is also an `audit` event.
// The in-memory trail is bounded; the oldest entries go first and are counted.
#include <cstdint>
#include <deque>
#include <string>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

struct AuditEntry {
  Time t;
  std::string actor;
  std::string cluster;
  std::string command;
  std::string target;  // e.g. the app or node the command is about; may be empty
  bool allowed = false;
  std::string missing;  // the permission a denial lacked
};

class AuditLog {
 public:
  static constexpr std::size_t kEntriesMax = 10'000;

  explicit AuditLog(Platform& platform) : platform_(platform) {}
  void record(AuditEntry entry);
  const std::deque<AuditEntry>& entries() const { return entries_; }
  std::uint64_t dropped() const { return dropped_; }

 private:
  Platform& platform_;
  std::deque<AuditEntry> entries_;
  std::uint64_t dropped_ = 0;
};

}  // namespace edgetwin::fw
