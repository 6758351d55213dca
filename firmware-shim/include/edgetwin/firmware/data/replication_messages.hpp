#pragma once
// Message bodies of the replicated data services (wire types 20..25, docs/wire-format.md).
// Every message that a primary sends or that acknowledges a write carries the sender's term:
// a term names one primary's reign, so a receiver can tell a deposed primary from the current
// one and refuse it (fencing). Each body decodes strictly, like messages.hpp.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

// One write: a term (of the primary that appended it) and the client's value.
struct LogEntry {
  std::uint64_t term = 0;
  std::uint64_t value = 0;
  auto operator<=>(const LogEntry&) const = default;
};

// Primary -> replica: the entries after `prev_index` (none: a heartbeat). The replica accepts
// them only if its entry at `prev_index` has `prev_term` (the Raft consistency check), and
// only from a term at least its own. With `prev_is_snapshot`, prev is the primary's compacted
// prefix (the replica is behind it): a replica that does not hold that entry adopts the
// prefix, {prev_index, prev_term, snapshot_value}, in place of its log (install-snapshot).
struct ReplAppend {
  static constexpr std::size_t kEntriesMax = 48;  // 48 x 16 bytes stays within one datagram

  std::string app;
  std::uint64_t term = 0;
  std::uint64_t prev_index = 0;
  std::uint64_t prev_term = 0;
  std::uint64_t primary_last_index = 0;  // the primary's whole log, so the replica knows its lag
  std::vector<LogEntry> entries;
  bool prev_is_snapshot = false;
  std::uint64_t snapshot_value = 0;  // with prev_is_snapshot: the value at prev_index

  Bytes encode() const;
  static std::optional<ReplAppend> decode(std::span<const std::byte> payload);
};

// Replica -> primary. `success`: the replica holds (persisted, synced) the primary's log up to
// `match_index`. Otherwise `match_index` is a hint: the primary resends from match_index + 1.
struct ReplAck {
  std::string app;
  std::uint64_t term = 0;  // the replica's current term
  bool success = false;
  std::uint64_t match_index = 0;
  // The sender's log end (term of its last entry, last index): a box that is not joined, or
  // behind, learns from it whether its peer holds writes it does not (data_service.hpp).
  std::uint64_t last_term = 0;
  std::uint64_t last_index = 0;

  Bytes encode() const;
  static std::optional<ReplAck> decode(std::span<const std::byte> payload);
};

// Client (or a box proxying to the NAS) -> the service: append `value`. `term` is 0 from a
// client; a box writing to a NAS volume stamps its own term there (the NAS fences on it).
struct DataWrite {
  std::string app;
  std::uint64_t request = 0;
  std::uint64_t value = 0;
  std::uint64_t term = 0;

  Bytes encode() const;
  static std::optional<DataWrite> decode(std::span<const std::byte> payload);
};

enum class DataStatus : std::uint8_t {
  ok = 0,
  not_primary = 1,  // this box is not (or no longer) the primary: nothing was applied
  overloaded = 2,   // a bound was reached (pending writes, log entries): nothing was applied
  unavailable = 3,  // the storage cannot take it (NAS unreachable, or a disk that cannot
                    // persist): nothing was applied
  stale_term = 4,   // NAS volume: the writer's term is older than the volume's (fenced)
};
inline constexpr std::uint8_t kDataStatusMax = 4;
std::string_view to_string(DataStatus s);

struct DataWriteReply {
  std::string app;
  std::uint64_t request = 0;
  DataStatus status = DataStatus::ok;
  std::uint64_t term = 0;   // of the primary that answers; for ok, the entry's term
  std::uint64_t index = 0;  // ok: where the value is in the log

  Bytes encode() const;
  static std::optional<DataWriteReply> decode(std::span<const std::byte> payload);
};

struct DataRead {
  std::string app;
  std::uint64_t request = 0;
  std::uint64_t term = 0;  // as DataWrite::term

  Bytes encode() const;
  static std::optional<DataRead> decode(std::span<const std::byte> payload);
};

// ok: the value of the last committed entry (`index`, 0 and value 0 when the log is empty).
struct DataReadReply {
  std::string app;
  std::uint64_t request = 0;
  DataStatus status = DataStatus::ok;
  std::uint64_t term = 0;
  std::uint64_t index = 0;
  std::uint64_t value = 0;

  Bytes encode() const;
  static std::optional<DataReadReply> decode(std::span<const std::byte> payload);
};

}  // namespace edgetwin::fw
