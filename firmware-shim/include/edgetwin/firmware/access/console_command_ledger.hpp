#pragma once
// The box's memory of the console commands it ran (console_messages.hpp), kept on its disk so
// that a command the cloud re-sends (its answer was lost, or the box rebooted before answering)
// is answered again and never run twice: a reset re-run after the user had already set a new
// password would throw that password away. Bounded: the latest kRememberedMax commands; with
// the ledger full, a command older than all of them is stale (the cloud stopped sending it long
// ago: only a replay from another cloud boot could bring it) and is refused unrun.
#include <cstdint>
#include <deque>

#include "edgetwin/firmware/access/console_messages.hpp"
#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

class ConsoleCommandLedger {
 public:
  static constexpr std::size_t kRememberedMax = 32;

  // Reads the ledger from `disk`; an unreadable record is taken as empty (the worst that can
  // follow is one command run again, which is what a reset is for).
  explicit ConsoleCommandLedger(Disk& disk);

  // The answer already given to command `id`; nullptr if it was not run.
  const ConsoleCommandResult* find(std::uint64_t id) const;
  bool stale(std::uint64_t id) const;
  // Remembers the answer to a command just run; false if the disk did not take it (the command
  // ran: it is answered all the same).
  bool record(ConsoleCommandResult result);
  std::size_t size() const { return results_.size(); }

 private:
  void load();

  Disk& disk_;
  std::deque<ConsoleCommandResult> results_;  // oldest first
};

}  // namespace edgetwin::fw
