#include "edgetwin/firmware/activation/activation_messages.hpp"

#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

template <std::size_t N>
void read_array(ByteReader& r, std::array<unsigned char, N>& out) {
  const auto bytes = r.raw(N);
  if (bytes.size() != N) return;  // r has failed: the caller's finish() refuses the message
  for (std::size_t i = 0; i < N; ++i) out[i] = std::to_integer<unsigned char>(bytes[i]);
}

}  // namespace

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
  w.raw(std::as_bytes(std::span(enrolment_key)));
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
  read_array(r, m.enrolment_key);
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
  w.u8(cloud_key ? 1 : 0);
  if (cloud_key) w.raw(std::as_bytes(std::span(*cloud_key)));
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
  const std::uint8_t has_key = r.u8();
  if (has_key > 1) return std::nullopt;
  if (has_key == 1) read_array(r, m.cloud_key.emplace());
  if (outcome > kActivationOutcomeMax || reason > kCodeRejectionMax) return std::nullopt;
  m.outcome = static_cast<ActivationOutcome>(outcome);
  m.reason = static_cast<CodeRejection>(reason);
  // A rejection names its reason and nothing else does: anything else is not trusted.
  if ((m.outcome == ActivationOutcome::rejected) != (m.reason != CodeRejection::none))
    return std::nullopt;
  // The key comes with an acceptance (or the completion that follows it), never otherwise.
  const bool keyed =
      m.outcome == ActivationOutcome::accepted || m.outcome == ActivationOutcome::running;
  if (keyed != m.cloud_key.has_value()) return std::nullopt;
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
