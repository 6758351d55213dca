#include "edgetwin/firmware/access/console_messages.hpp"

#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

std::optional<std::string> text_field(ByteReader& r) {
  std::string s = r.str();
  if (s.size() > kConsoleTextBytesMax) return std::nullopt;
  return s;
}

// A sender's text is cut to what the decoder takes, so an answer always goes out.
std::string_view bounded(std::string_view s) { return s.substr(0, kConsoleTextBytesMax); }

}  // namespace

std::string_view to_string(ConsoleCommandKind kind) {
  switch (kind) {
    case ConsoleCommandKind::reset_password:
      return "reset_password";
  }
  return "unknown";
}

std::string_view to_string(ConsoleOutcome outcome) {
  switch (outcome) {
    case ConsoleOutcome::applied:
      return "applied";
    case ConsoleOutcome::refused:
      return "refused";
  }
  return "unknown";
}

Bytes ConsoleCommand::encode() const {
  ByteWriter w;
  w.u64(id);
  w.u8(static_cast<std::uint8_t>(kind));
  w.str(bounded(node));
  w.str(bounded(cluster));
  w.str(bounded(actor));
  return w.take();
}

std::optional<ConsoleCommand> ConsoleCommand::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  ConsoleCommand c;
  c.id = r.u64();
  const std::uint8_t kind = r.u8();
  auto node = text_field(r);
  auto cluster = text_field(r);
  auto actor = text_field(r);
  if (kind != static_cast<std::uint8_t>(ConsoleCommandKind::reset_password) || !node ||
      !cluster || !actor)
    return std::nullopt;
  c.kind = static_cast<ConsoleCommandKind>(kind);
  c.node = std::move(*node);
  c.cluster = std::move(*cluster);
  c.actor = std::move(*actor);
  return finish(r, std::move(c));
}

Bytes ConsoleCommandResult::encode() const {
  ByteWriter w;
  w.u64(id);
  w.u8(static_cast<std::uint8_t>(outcome));
  w.str(bounded(why));
  return w.take();
}

std::optional<ConsoleCommandResult> ConsoleCommandResult::decode(
    std::span<const std::byte> payload) {
  ByteReader r(payload);
  ConsoleCommandResult m;
  m.id = r.u64();
  const std::uint8_t outcome = r.u8();
  auto why = text_field(r);
  if (outcome > static_cast<std::uint8_t>(ConsoleOutcome::refused) || !why) return std::nullopt;
  m.outcome = static_cast<ConsoleOutcome>(outcome);
  m.why = std::move(*why);
  return finish(r, std::move(m));
}

}  // namespace edgetwin::fw
