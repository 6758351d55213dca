#include "edgetwin/firmware/activation/activation_messages.hpp"

#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {

std::string_view to_string(CodeRejection r) {
  switch (r) {
    case CodeRejection::none:
      return "none";
    case CodeRejection::wrong:
      return "wrong code";
    case CodeRejection::expired:
      return "code expired";
    case CodeRejection::used:
      return "code already used";
    case CodeRejection::other_node:
      return "code belongs to another node";
    case CodeRejection::locked_out:
      return "locked out after too many wrong codes";
    case CodeRejection::unknown_session:
      return "unknown activation session";
  }
  return "unknown";
}

Bytes ActivationRequest::encode() const {
  ByteWriter w;
  w.str(node);
  w.str(device_name);
  w.u8(static_cast<std::uint8_t>(kind));
  w.str(credential);
  w.u64(session);
  w.u32(attempt);
  return w.take();
}

std::optional<ActivationRequest> ActivationRequest::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  ActivationRequest m;
  m.node = r.str();
  m.device_name = r.str();
  const std::uint8_t kind = r.u8();
  m.credential = r.str();
  m.session = r.u64();
  m.attempt = r.u32();
  if (kind > static_cast<std::uint8_t>(CredentialKind::join_token)) return std::nullopt;
  m.kind = static_cast<CredentialKind>(kind);
  return finish(r, std::move(m));
}

Bytes ActivationReply::encode() const {
  ByteWriter w;
  w.str(node);
  w.u64(session);
  w.u8(static_cast<std::uint8_t>(outcome));
  w.u8(static_cast<std::uint8_t>(reason));
  w.u32(retry_after_ms);
  return w.take();
}

std::optional<ActivationReply> ActivationReply::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  ActivationReply m;
  m.node = r.str();
  m.session = r.u64();
  const std::uint8_t outcome = r.u8();
  const std::uint8_t reason = r.u8();
  m.retry_after_ms = r.u32();
  if (outcome > kActivationOutcomeMax || reason > kCodeRejectionMax) return std::nullopt;
  m.outcome = static_cast<ActivationOutcome>(outcome);
  m.reason = static_cast<CodeRejection>(reason);
  // A rejection names its reason and nothing else does: anything else is not trusted.
  if ((m.outcome == ActivationOutcome::rejected) != (m.reason != CodeRejection::none))
    return std::nullopt;
  return finish(r, std::move(m));
}

Bytes ActivationDone::encode() const {
  ByteWriter w;
  w.str(node);
  w.u64(session);
  return w.take();
}

std::optional<ActivationDone> ActivationDone::decode(std::span<const std::byte> payload) {
  ByteReader r(payload);
  ActivationDone m;
  m.node = r.str();
  m.session = r.u64();
  return finish(r, std::move(m));
}

}  // namespace edgetwin::fw
