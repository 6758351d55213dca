#pragma once
// The durable log of one data service on one node (a box, or the NAS for a NAS volume): the
// writes in order, each with the term of the primary that appended it, and the node's current
// term. Every change is a synced write (MySQL sync_binlog=1 / Redis appendfsync always), so
// what this log says it holds survives a power loss: a replica that acknowledges an entry has
// it on disk.
//
// Compaction (issue 16, item 8): the prefix up to the snapshot index is folded into a snapshot
// record, {index, term, value}: the service's state is a register holding the last value (a
// read returns it), and the index and term are what the log-matching check needs there. The
// log keeps at least kRetainedMin entries after the latest safe index (a lagging replica
// catches up from them; the twin's lost-write checker reads them), so compaction starts only
// after kRetainedMin + kSegmentEntries entries.
//
// On disk (Platform::Disk keys under `prefix`):
// - "<prefix>/snap" = snapshot index, term, value, sealed_through (u64 each): replaced whole,
//   which the Disk contract makes atomic (a reader sees the old value or the new one);
// - "<prefix>/s/<k>" = entries k*N+1 .. (k+1)*N (N = kSegmentEntries), for the segments from
//   the snapshot up to sealed_through: sealed only once they are below a safe index, so a
//   sealed entry is never truncated;
// - "<prefix>/e/<index>" = term, value of one entry after sealed_through;
// - "<prefix>/last" = last index (written after the entry, so a torn append is invisible);
// - "<prefix>/term" = current term.
// Boot reads 4 keys, at most kRetainedMin / N + 2 segments and the entries after sealed_through.
// Compaction writes the new segments, then the snapshot record, then removes what the record no
// longer names: a crash between any two steps leaves a record that names only keys on disk.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/data/replication_messages.hpp"

namespace edgetwin::fw {

// The compacted prefix: its last entry's index, term and value (index 0: nothing compacted).
struct LogSnapshot {
  std::uint64_t index = 0;
  std::uint64_t term = 0;
  std::uint64_t value = 0;
  bool operator==(const LogSnapshot&) const = default;
};

class ReplicatedLog {
 public:
  // Bound on retained entries (after the snapshot): a log whose safe index does not advance
  // (a replica away for days) fills and refuses writes; it never drops an unsafe entry.
  static constexpr std::uint64_t kEntriesMax = 500'000;
  static constexpr std::uint64_t kSegmentEntries = 1024;  // N: entries per sealed segment key
  // K: entries kept behind the safe index: at 1 write/s, 36 h of replica catch-up without a
  // snapshot install; more than any bundled twin scenario writes (20/s x 3600 s).
  static constexpr std::uint64_t kRetainedMin = 128 * kSegmentEntries;

  // Reads what `disk` holds under `prefix`.
  ReplicatedLog(Disk& disk, std::string prefix);

  std::uint64_t last_index() const { return snapshot_.index + entries_.size(); }  // 0: empty
  std::uint64_t last_term() const { return term_at(last_index()); }
  const LogSnapshot& snapshot() const { return snapshot_; }
  // The first index still held as an entry (snapshot index + 1).
  std::uint64_t first_index() const { return snapshot_.index + 1; }
  // The term of the entry at `index`: the snapshot's term at its index; 0 for index 0, beyond
  // the end, or inside the compacted prefix (callers compare with snapshot().index first).
  std::uint64_t term_at(std::uint64_t index) const;
  // `index` from snapshot().index (its entry is the snapshot's term and value) to last_index().
  LogEntry at(std::uint64_t index) const;
  // Up to `max` entries from `first` (1-based), never from inside the compacted prefix.
  std::vector<LogEntry> slice(std::uint64_t first, std::size_t max) const;
  bool full() const { return entries_.size() >= kEntriesMax; }

  // The new entry's index (the caller checks full()), or nullopt when the disk could not
  // persist it: the log is then unchanged, in memory as on disk, and nobody may be told the
  // entry is appended. An entry whose term is not yet on disk is refused too, so that a reboot
  // never finds an entry above the stored current term.
  std::optional<std::uint64_t> append(const LogEntry& entry);
  // Removes every entry after `index` (not below the snapshot: a compacted entry was safe);
  // how many were removed, or nullopt (nothing removed) when the disk could not persist it.
  std::optional<std::uint64_t> truncate_after(std::uint64_t index);

  // `safe_index`: entries up to it are on every node that can become primary, so they are never
  // truncated. Seals the segments below it and moves the snapshot to kRetainedMin behind it
  // (whole segments). False when the disk could not persist it (the log is unchanged).
  bool compact(std::uint64_t safe_index);
  // A replica behind the primary's snapshot adopts it (install-snapshot): every entry it held
  // is replaced by the primary's prefix. False when the disk could not persist it (unchanged).
  bool install_snapshot(const LogSnapshot& snapshot);

  std::uint64_t current_term() const { return current_term_; }
  // Takes `term` in memory (a term learnt is never unlearnt while the log is open); false when
  // the disk could not persist it, in which case no entry of that term is appended and the
  // caller must not act on it as durable (a primary must not promote on it).
  bool set_current_term(std::uint64_t term);
  bool term_durable() const { return durable_term_ == current_term_; }

  // The log's entries never carry a term above the node's current term, their terms never
  // decrease along the log (from the snapshot on), the current term never goes down while
  // this log is open, the snapshot is segment-aligned and never passes what is sealed.
  // Checked after every change by the log itself (replicated_log.cpp); callable any time.
  void check_invariants() const;

 private:
  template <class Change>
  auto checked(Change&& change);  // runs `change`, then check_invariants()
  void load();
  void load_entries(std::uint64_t last);
  bool write_u64(const std::string& key, std::uint64_t v);
  bool write_snapshot_record(const LogSnapshot& s, std::uint64_t sealed_through);
  bool unseal_after(std::uint64_t index);
  void remove_range(std::uint64_t from_index, std::uint64_t to_index, bool segments);
  std::string entry_key(std::uint64_t index) const;
  std::string segment_key(std::uint64_t segment) const;

  Disk& disk_;
  std::string prefix_;
  LogSnapshot snapshot_;
  std::uint64_t sealed_through_ = 0;  // entries up to here are in segment keys
  std::vector<LogEntry> entries_;     // snapshot_.index + 1 .. last_index()
  std::uint64_t current_term_ = 0;
  std::uint64_t durable_term_ = 0;  // the current term as the disk holds it
  std::uint64_t highest_term_ = 0;  // the highest current term this log has had since it opened
};

}  // namespace edgetwin::fw
