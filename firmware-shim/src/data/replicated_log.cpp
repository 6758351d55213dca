#include "edgetwin/firmware/data/replicated_log.hpp"

#include <algorithm>
#include <optional>

#include "edgetwin/firmware/base/invariant.hpp"
#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

std::optional<std::uint64_t> read_u64(const Disk& disk, const std::string& key) {
  auto bytes = disk.read(key);
  if (!bytes) return std::nullopt;
  ByteReader r(*bytes);
  const std::uint64_t v = r.u64();
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return v;
}

}  // namespace

ReplicatedLog::ReplicatedLog(Disk& disk, std::string prefix)
    : disk_(disk), prefix_(std::move(prefix)) {
  load();
}

std::string ReplicatedLog::entry_key(std::uint64_t index) const {
  return prefix_ + "/e/" + std::to_string(index);
}

// Entries up to "last" were each synced before "last" was; one that does not parse ends the
// log there (it cannot happen with synced writes, but a damaged disk must not crash the box).
void ReplicatedLog::load() {
  current_term_ = read_u64(disk_, prefix_ + "/term").value_or(0);
  durable_term_ = current_term_;
  highest_term_ = current_term_;
  const std::uint64_t last = std::min(read_u64(disk_, prefix_ + "/last").value_or(0), kEntriesMax);
  entries_.clear();
  entries_.reserve(last);
  for (std::uint64_t i = 1; i <= last; ++i) {
    auto bytes = disk_.read(entry_key(i));
    if (!bytes) break;
    ByteReader r(*bytes);
    LogEntry e;
    e.term = r.u64();
    e.value = r.u64();
    if (!r.ok() || !r.at_end()) break;
    entries_.push_back(e);
  }
}

bool ReplicatedLog::write_u64(const std::string& key, std::uint64_t v) {
  ByteWriter w;
  w.u64(v);
  return disk_.write(key, w.bytes(), Durability::synced);
}

std::uint64_t ReplicatedLog::term_at(std::uint64_t index) const {
  if (index == 0 || index > entries_.size()) return 0;
  return entries_[index - 1].term;
}

std::vector<LogEntry> ReplicatedLog::slice(std::uint64_t first, std::size_t max) const {
  std::vector<LogEntry> out;
  for (std::uint64_t i = std::max<std::uint64_t>(first, 1); i <= entries_.size() && out.size() < max; ++i)
    out.push_back(entries_[i - 1]);
  return out;
}

// The entry goes to memory only once both its record and "last" are on disk: a failed "last"
// leaves the entry invisible to the next boot, so it must be invisible now too.
std::optional<std::uint64_t> ReplicatedLog::append(const LogEntry& entry) {
  EDGETWIN_ASSERT(entry.term >= last_term(), "terms never decrease along the log");
  if (entry.term > durable_term_) return std::nullopt;
  const std::uint64_t index = entries_.size() + 1;
  ByteWriter w;
  w.u64(entry.term);
  w.u64(entry.value);
  if (!disk_.write(entry_key(index), w.bytes(), Durability::synced)) return std::nullopt;
  if (!write_u64(prefix_ + "/last", index)) return std::nullopt;
  entries_.push_back(entry);
  return index;
}

std::optional<std::uint64_t> ReplicatedLog::truncate_after(std::uint64_t index) {
  if (index >= entries_.size()) return 0;
  if (!write_u64(prefix_ + "/last", index)) return std::nullopt;
  const std::uint64_t removed = entries_.size() - index;
  entries_.resize(index);
  return removed;
}

bool ReplicatedLog::set_current_term(std::uint64_t term) {
  highest_term_ = std::max(highest_term_, term);
  current_term_ = term;
  if (term == durable_term_) return true;
  if (!write_u64(prefix_ + "/term", term)) return false;
  durable_term_ = term;
  return true;
}

void ReplicatedLog::check_invariants() const {
  EDGETWIN_ASSERT(entries_.size() <= kEntriesMax, "the log stays within kEntriesMax entries");
  EDGETWIN_ASSERT(last_term() <= current_term_, "no entry has a term above the current term");
  EDGETWIN_ASSERT(current_term_ >= highest_term_, "the current term never decreases");
}

}  // namespace edgetwin::fw
