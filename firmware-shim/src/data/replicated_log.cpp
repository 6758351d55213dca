#include "edgetwin/firmware/data/replicated_log.hpp"

#include <algorithm>
#include <optional>

#include "edgetwin/firmware/base/invariant.hpp"
#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

constexpr std::uint64_t kN = ReplicatedLog::kSegmentEntries;

std::optional<std::uint64_t> read_u64(const Disk& disk, const std::string& key) {
  auto bytes = disk.read(key);
  if (!bytes) return std::nullopt;
  ByteReader r(*bytes);
  const std::uint64_t v = r.u64();
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return v;
}

std::optional<std::vector<LogEntry>> read_entries(const Disk& disk, const std::string& key,
                                                  std::uint64_t count) {
  auto bytes = disk.read(key);
  if (!bytes) return std::nullopt;
  ByteReader r(*bytes);
  std::vector<LogEntry> out(count);
  for (LogEntry& e : out) {
    e.term = r.u64();
    e.value = r.u64();
  }
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return out;
}

std::uint64_t align_down(std::uint64_t index) { return index / kN * kN; }

}  // namespace

ReplicatedLog::ReplicatedLog(Disk& disk, std::string prefix)
    : disk_(disk), prefix_(std::move(prefix)) {
  load();
  check_invariants();
}

// The invariants are about the log's own state, which only the methods below change: each
// change is checked as it is made (on success or failure), instead of after every event of
// the node, which read the log's entries on wake-ups (adverts, heartbeats) that never touch it.
template <class Change>
auto ReplicatedLog::checked(Change&& change) {
  auto result = change();
  check_invariants();
  return result;
}

std::string ReplicatedLog::entry_key(std::uint64_t index) const {
  return prefix_ + "/e/" + std::to_string(index);
}

std::string ReplicatedLog::segment_key(std::uint64_t segment) const {
  return prefix_ + "/s/" + std::to_string(segment);
}

// A snapshot record that does not parse, or is not aligned, is taken as none: it cannot happen
// with atomic synced writes, but a damaged disk must not crash the box.
void ReplicatedLog::load() {
  current_term_ = read_u64(disk_, prefix_ + "/term").value_or(0);
  durable_term_ = current_term_;
  highest_term_ = current_term_;
  snapshot_ = {};
  sealed_through_ = 0;
  if (auto bytes = disk_.read(prefix_ + "/snap")) {
    ByteReader r(*bytes);
    LogSnapshot s{r.u64(), r.u64(), r.u64()};
    const std::uint64_t sealed = r.u64();
    if (r.ok() && r.at_end() && s.index % kN == 0 && sealed % kN == 0 && sealed >= s.index) {
      snapshot_ = s;
      sealed_through_ = sealed;
    }
  }
  // An install-snapshot writes "last" below the new snapshot before the record: never below.
  const std::uint64_t last =
      std::max(read_u64(disk_, prefix_ + "/last").value_or(0), snapshot_.index);
  load_entries(std::min(last, snapshot_.index + kEntriesMax));
}

// Segments up to sealed_through, then one key per entry up to "last", each synced before
// "last" was; one that does not parse ends the log there.
void ReplicatedLog::load_entries(std::uint64_t last) {
  entries_.clear();
  std::uint64_t index = snapshot_.index;
  for (; index + kN <= std::min(sealed_through_, last); index += kN) {
    auto segment = read_entries(disk_, segment_key(index / kN), kN);
    if (!segment) break;
    entries_.insert(entries_.end(), segment->begin(), segment->end());
  }
  if (index < sealed_through_) sealed_through_ = index;  // truncated, or a damaged segment
  for (++index; index <= last; ++index) {
    auto one = read_entries(disk_, entry_key(index), 1);
    if (!one) break;
    entries_.push_back(one->front());
  }
}

bool ReplicatedLog::write_u64(const std::string& key, std::uint64_t v) {
  ByteWriter w;
  w.u64(v);
  return disk_.write(key, w.bytes(), Durability::synced);
}

bool ReplicatedLog::write_snapshot_record(const LogSnapshot& s, std::uint64_t sealed_through) {
  ByteWriter w;
  w.u64(s.index);
  w.u64(s.term);
  w.u64(s.value);
  w.u64(sealed_through);
  return disk_.write(prefix_ + "/snap", w.bytes(), Durability::synced);
}

std::uint64_t ReplicatedLog::term_at(std::uint64_t index) const {
  if (index == snapshot_.index) return snapshot_.term;
  if (index < snapshot_.index || index > last_index()) return 0;
  return entries_[index - snapshot_.index - 1].term;
}

LogEntry ReplicatedLog::at(std::uint64_t index) const {
  EDGETWIN_ASSERT(index >= snapshot_.index && index <= last_index(), "at() within the log");
  if (index == snapshot_.index) return {snapshot_.term, snapshot_.value};
  return entries_[index - snapshot_.index - 1];
}

std::vector<LogEntry> ReplicatedLog::slice(std::uint64_t first, std::size_t max) const {
  std::vector<LogEntry> out;
  for (std::uint64_t i = std::max(first, first_index()); i <= last_index() && out.size() < max; ++i)
    out.push_back(entries_[i - snapshot_.index - 1]);
  return out;
}

// The entry goes to memory only once both its record and "last" are on disk: a failed "last"
// leaves the entry invisible to the next boot, so it must be invisible now too.
std::optional<std::uint64_t> ReplicatedLog::append(const LogEntry& entry) {
  return checked([&]() -> std::optional<std::uint64_t> {
    EDGETWIN_ASSERT(entry.term >= last_term(), "terms never decrease along the log");
    if (entry.term > durable_term_) return std::nullopt;
    const std::uint64_t index = last_index() + 1;
    ByteWriter w;
    w.u64(entry.term);
    w.u64(entry.value);
    if (!disk_.write(entry_key(index), w.bytes(), Durability::synced)) return std::nullopt;
    if (!write_u64(prefix_ + "/last", index)) return std::nullopt;
    entries_.push_back(entry);
    return index;
  });
}

// Below sealed_through (only when a box that lost its log became primary: sealed entries were
// on both boxes), the cut segment goes back to one key per entry first: the copies, then the
// record that unseals it, then "last". A crash between steps boots a prefix of the old log no
// shorter than `index` (what was sealed, or the copies), which the primary truncates again.
std::optional<std::uint64_t> ReplicatedLog::truncate_after(std::uint64_t index) {
  return checked([&]() -> std::optional<std::uint64_t> {
    EDGETWIN_ASSERT(index >= snapshot_.index, "the compacted prefix is never truncated");
    if (index >= last_index()) return 0;
    if (index < sealed_through_ && !unseal_after(index)) return std::nullopt;
    if (!write_u64(prefix_ + "/last", index)) return std::nullopt;
    const std::uint64_t removed = last_index() - index;
    entries_.resize(index - snapshot_.index);
    return removed;
  });
}

bool ReplicatedLog::unseal_after(std::uint64_t index) {
  const std::uint64_t sealed = align_down(index);
  for (std::uint64_t i = sealed + 1; i <= index; ++i) {
    const LogEntry e = at(i);
    ByteWriter w;
    w.u64(e.term);
    w.u64(e.value);
    if (!disk_.write(entry_key(i), w.bytes(), Durability::synced)) return false;
  }
  if (!write_snapshot_record(snapshot_, sealed)) return false;
  sealed_through_ = sealed;
  return true;
}

// New segments, then the record naming them and the new snapshot, then the keys it no longer
// names: a failed or interrupted step leaves the old record, which names only keys still there.
bool ReplicatedLog::compact(std::uint64_t safe_index) {
  return checked([&] {
    const std::uint64_t safe = std::min(safe_index, last_index());
    const std::uint64_t sealed = std::max(align_down(safe), sealed_through_);
    const std::uint64_t snap_index =
        std::max(safe >= kRetainedMin ? align_down(safe - kRetainedMin) : 0, snapshot_.index);
    if (sealed == sealed_through_ && snap_index == snapshot_.index) return true;
    for (std::uint64_t first = std::max(sealed_through_, snap_index); first < sealed; first += kN) {
      ByteWriter w;
      for (const LogEntry& e : slice(first + 1, kN)) {
        w.u64(e.term);
        w.u64(e.value);
      }
      if (!disk_.write(segment_key(first / kN), w.bytes(), Durability::synced)) return false;
    }
    const LogEntry last_compacted = at(snap_index);
    const LogSnapshot snap{snap_index, last_compacted.term, last_compacted.value};
    if (!write_snapshot_record(snap, sealed)) return false;
    remove_range(sealed_through_, sealed, /*segments=*/false);
    remove_range(snapshot_.index, std::min(sealed_through_, snap_index), /*segments=*/true);
    entries_.erase(entries_.begin(),
                   entries_.begin() + static_cast<std::ptrdiff_t>(snap_index - snapshot_.index));
    snapshot_ = snap;
    sealed_through_ = sealed;
    return true;
  });
}

// "last" goes below both snapshots first (boot never reads past "last" unless the record says
// so), then the record; the old keys are dropped last. A failure leaves the old snapshot, with
// the retained entries dropped in memory as on disk (they are being replaced anyway).
bool ReplicatedLog::install_snapshot(const LogSnapshot& s) {
  return checked([&] {
    EDGETWIN_ASSERT(s.index % kN == 0, "an installed snapshot is segment-aligned");
    EDGETWIN_ASSERT(s.term <= current_term_, "no snapshot term above the current term");
    const std::uint64_t floor = std::min(snapshot_.index, s.index);
    if (last_index() != floor && !write_u64(prefix_ + "/last", floor)) return false;
    const std::uint64_t old_last = last_index();
    entries_.clear();
    if (!write_snapshot_record(s, s.index)) return false;
    remove_range(sealed_through_, old_last, /*segments=*/false);
    remove_range(snapshot_.index, sealed_through_, /*segments=*/true);
    snapshot_ = s;
    sealed_through_ = s.index;
    return true;
  });
}

// Keys of entries (from_index, to_index]: one per entry, or the segments covering them.
void ReplicatedLog::remove_range(std::uint64_t from_index, std::uint64_t to_index, bool segments) {
  if (segments) {
    for (std::uint64_t i = from_index; i + kN <= to_index; i += kN)
      disk_.remove(segment_key(i / kN));
    return;
  }
  for (std::uint64_t i = from_index + 1; i <= to_index; ++i) disk_.remove(entry_key(i));
}

bool ReplicatedLog::set_current_term(std::uint64_t term) {
  return checked([&] {
    // Callers adopt only terms at or above the current one; going down would let a reign that
    // was fenced write again (and the old code let a forged term do it).
    EDGETWIN_ASSERT(term >= current_term_, "the current term never decreases");
    highest_term_ = std::max(highest_term_, term);
    current_term_ = term;
    if (term == durable_term_) return true;
    if (!write_u64(prefix_ + "/term", term)) return false;
    durable_term_ = term;
    return true;
  });
}

void ReplicatedLog::check_invariants() const {
  EDGETWIN_ASSERT(entries_.size() <= kEntriesMax, "the log stays within kEntriesMax entries");
  EDGETWIN_ASSERT(last_term() <= current_term_, "no entry has a term above the current term");
  EDGETWIN_ASSERT(current_term_ >= highest_term_, "the current term never decreases");
  EDGETWIN_ASSERT(snapshot_.index % kN == 0 && sealed_through_ % kN == 0,
                  "the snapshot and the sealed segments are segment-aligned");
  EDGETWIN_ASSERT(snapshot_.index <= sealed_through_ && sealed_through_ <= last_index(),
                  "the sealed entries start at the snapshot and are all held");
  EDGETWIN_ASSERT(entries_.empty() || entries_.front().term >= snapshot_.term,
                  "terms never decrease from the snapshot on");
}

}  // namespace edgetwin::fw
