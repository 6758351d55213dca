#pragma once
// The consoles' commands that the cloud carries to a box over its cloud link
// (MessageType::console_command) and the box's answer (MessageType::console_result). Today one
// command: the edge user center's "reset password" of a node's edge console. Both travel under
// the box's issued cloud-link key like every cloud-link message (wire_keys.hpp), so a stranger
// cannot order a reset, and the inbox's replay window refuses a command datagram heard twice.
// The command id makes a command idempotent besides: the cloud re-sends it until the box
// answers, and the box answers a repeat from its ledger (console_command_ledger.hpp) without
// running it again.
//
// Layout (byte_codec, big-endian):
//   command: id u64 | kind u8 | node str | cluster str | actor str
//   result:  id u64 | outcome u8 | why str
// Decoding is strict: an unknown kind or outcome, a string over kConsoleTextBytesMax and
// missing or trailing bytes reject the whole payload.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

inline constexpr std::size_t kConsoleTextBytesMax = 127;

enum class ConsoleCommandKind : std::uint8_t {
  reset_password = 1,  // the edge console's super account back to its default password
};
std::string_view to_string(ConsoleCommandKind kind);

enum class ConsoleOutcome : std::uint8_t {
  applied = 0,
  refused = 1,  // the box could not (e.g. the account could not be stored); `why` says it
};
std::string_view to_string(ConsoleOutcome outcome);

struct ConsoleCommand {
  // The cloud's boot epoch in the high half and a count in that boot below: unique across the
  // cloud's restarts, increasing in the order the console took them.
  std::uint64_t id = 0;
  ConsoleCommandKind kind = ConsoleCommandKind::reset_password;
  std::string node;     // the box it is for: a box runs only its own
  std::string cluster;  // the node's cluster, for the box's audit
  std::string actor;    // the account the cloud authorized, for the box's audit

  Bytes encode() const;
  static std::optional<ConsoleCommand> decode(std::span<const std::byte> payload);
};

struct ConsoleCommandResult {
  std::uint64_t id = 0;
  ConsoleOutcome outcome = ConsoleOutcome::applied;
  std::string why;  // empty when applied

  Bytes encode() const;
  static std::optional<ConsoleCommandResult> decode(std::span<const std::byte> payload);
};

}  // namespace edgetwin::fw
