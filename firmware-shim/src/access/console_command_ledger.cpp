#include "edgetwin/firmware/access/console_command_ledger.hpp"

#include <algorithm>

#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

constexpr std::string_view kLedgerKey = "box/console_commands";

}  // namespace

ConsoleCommandLedger::ConsoleCommandLedger(Disk& disk) : disk_(disk) { load(); }

// Layout: count u8 | (length u16 | ConsoleCommandResult)*: each entry as it went on the wire.
void ConsoleCommandLedger::load() {
  const auto stored = disk_.read(kLedgerKey);
  if (!stored) return;
  ByteReader r(*stored);
  const std::uint8_t count = r.u8();
  std::deque<ConsoleCommandResult> loaded;
  for (std::uint8_t i = 0; i < count && r.ok(); ++i) {
    const std::uint16_t length = r.u16();
    const auto body = r.raw(length);
    auto result = r.ok() ? ConsoleCommandResult::decode(body) : std::nullopt;
    if (!result) return;
    loaded.push_back(std::move(*result));
  }
  if (!r.ok() || !r.at_end() || loaded.size() > kRememberedMax) return;
  results_ = std::move(loaded);
}

const ConsoleCommandResult* ConsoleCommandLedger::find(std::uint64_t id) const {
  for (const auto& r : results_)
    if (r.id == id) return &r;
  return nullptr;
}

bool ConsoleCommandLedger::stale(std::uint64_t id) const {
  if (results_.size() < kRememberedMax) return false;
  return std::all_of(results_.begin(), results_.end(),
                     [id](const ConsoleCommandResult& r) { return id < r.id; });
}

bool ConsoleCommandLedger::record(ConsoleCommandResult result) {
  results_.push_back(std::move(result));
  while (results_.size() > kRememberedMax) results_.pop_front();
  ByteWriter w;
  w.u8(static_cast<std::uint8_t>(results_.size()));
  for (const auto& r : results_) {
    const Bytes body = r.encode();
    w.u16(static_cast<std::uint16_t>(body.size()));
    w.raw(body);
  }
  return disk_.write(kLedgerKey, w.bytes(), Durability::synced);
}

}  // namespace edgetwin::fw
