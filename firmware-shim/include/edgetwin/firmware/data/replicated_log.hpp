#pragma once
// The durable log of one data service on one node (a box, or the NAS for a NAS volume): the
// writes in order, each with the term of the primary that appended it, and the node's current
// term. Every change is a synced write (MySQL sync_binlog=1 / Redis appendfsync always), so
// what this log says it holds survives a power loss: a replica that acknowledges an entry has
// it on disk.
//
// On disk (Platform::Disk keys under `prefix`): "<prefix>/e/<index>" = term u64, value u64;
// "<prefix>/last" = last index u64 (written after the entry, so a torn append is invisible);
// "<prefix>/term" = current term u64. Truncation only moves "last" back; stale entries beyond
// it are ignored and overwritten by later appends.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/data/replication_messages.hpp"

namespace edgetwin::fw {

class ReplicatedLog {
 public:
  // Bound on entries (no compaction yet): a full log refuses writes, it never drops entries.
  static constexpr std::uint64_t kEntriesMax = 500'000;

  // Reads what `disk` holds under `prefix`.
  ReplicatedLog(Disk& disk, std::string prefix);

  std::uint64_t last_index() const { return entries_.size(); }  // 0: empty
  std::uint64_t last_term() const { return term_at(last_index()); }
  // The term of the entry at `index`; 0 for index 0 (before the first entry) or beyond the end.
  std::uint64_t term_at(std::uint64_t index) const;
  const LogEntry& at(std::uint64_t index) const { return entries_.at(index - 1); }
  // Up to `max` entries from `first` (1-based).
  std::vector<LogEntry> slice(std::uint64_t first, std::size_t max) const;
  bool full() const { return entries_.size() >= kEntriesMax; }

  // The new entry's index (the caller checks full()), or nullopt when the disk could not
  // persist it: the log is then unchanged, in memory as on disk, and nobody may be told the
  // entry is appended. An entry whose term is not yet on disk is refused too, so that a reboot
  // never finds an entry above the stored current term.
  std::optional<std::uint64_t> append(const LogEntry& entry);
  // Removes every entry after `index`; how many were removed, or nullopt (nothing removed)
  // when the disk could not persist the truncation.
  std::optional<std::uint64_t> truncate_after(std::uint64_t index);

  std::uint64_t current_term() const { return current_term_; }
  // Takes `term` in memory (a term learnt is never unlearnt while the log is open); false when
  // the disk could not persist it, in which case no entry of that term is appended and the
  // caller must not act on it as durable (a primary must not promote on it).
  bool set_current_term(std::uint64_t term);
  bool term_durable() const { return durable_term_ == current_term_; }

  // The log's entries never carry a term above the node's current term, their terms never
  // decrease along the log, and the current term never goes down while this log is open.
  void check_invariants() const;

 private:
  void load();
  bool write_u64(const std::string& key, std::uint64_t v);
  std::string entry_key(std::uint64_t index) const;

  Disk& disk_;
  std::string prefix_;
  std::vector<LogEntry> entries_;
  std::uint64_t current_term_ = 0;
  std::uint64_t durable_term_ = 0;  // the current term as the disk holds it
  std::uint64_t highest_term_ = 0;  // the highest current term this log has had since it opened
};

}  // namespace edgetwin::fw
