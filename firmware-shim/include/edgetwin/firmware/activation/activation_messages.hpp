#pragma once
// The bodies of the activation messages (wire.hpp types 40..42, docs/wire-format.md). A box
// activates in a *session*: a random 64-bit id drawn when its operator submits a code, kept on
// the box's disk. The cloud binds the consumed code to that session, so a retry or a resumed
// activation of the same session is answered again (activation is idempotent), while the same
// code presented in any other session is a reuse.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "edgetwin/firmware/activation/cloud_key_enrolment.hpp"
#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

// What the box presents: the bind code of an EdgeBox node, or the join token of the start
// script of a generic node.
enum class CredentialKind : std::uint8_t { bind_code = 0, join_token = 1 };

// Why the cloud refused a credential. `none` on every reply that is not a rejection.
enum class CodeRejection : std::uint8_t {
  none = 0,
  wrong,            // no such code
  expired,          // past its expiry, or replaced by a newer code for the node
  used,             // consumed by another activation session
  other_node,       // never sent any more (an oracle for guessers): kept for the wire's numbering
  locked_out,       // too many wrong codes: wait `retry_after_ms`
  unknown_session,  // a completion for a session the cloud did not accept
};
inline constexpr std::uint8_t kCodeRejectionMax = 6;
std::string_view to_string(CodeRejection r);

// Box -> cloud.
struct ActivationRequest {
  std::string node;         // the sender, as in every box -> cloud message
  std::string device_name;  // what the operator typed at "Please input name for this device:"
  CredentialKind kind = CredentialKind::bind_code;
  std::string credential;
  std::uint64_t session = 0;
  std::uint32_t attempt = 0;  // 1 for the first send of the session; for the cloud's log only
  // The session's enrolment public key: the cloud seals the box's cloud-link key to it
  // (cloud_key_enrolment.hpp).
  EnrolmentPublicKey enrolment_key{};

  Bytes encode() const;
  static std::optional<ActivationRequest> decode(std::span<const std::byte> payload);
};

enum class ActivationOutcome : std::uint8_t {
  accepted = 0,     // code consumed by this session: the node is `activating`
  running = 1,      // the session's completion was recorded: the node is `running`
  rejected = 2,     // see `reason`
  retry_later = 3,  // rate-limited: come back after `retry_after_ms`
};
inline constexpr std::uint8_t kActivationOutcomeMax = 3;

// Cloud -> box.
struct ActivationReply {
  std::string node;
  std::uint64_t session = 0;
  ActivationOutcome outcome = ActivationOutcome::rejected;
  CodeRejection reason = CodeRejection::none;
  std::uint32_t retry_after_ms = 0;
  // The box's cloud-link key sealed to the session's enrolment key: on `accepted` and
  // `running`, and on nothing else.
  std::optional<SealedCloudKey> cloud_key;

  Bytes encode() const;
  static std::optional<ActivationReply> decode(std::span<const std::byte> payload);
};

// Box -> cloud: the session's security check and services install finished.
struct ActivationDone {
  std::string node;
  std::uint64_t session = 0;

  Bytes encode() const;
  static std::optional<ActivationDone> decode(std::span<const std::byte> payload);
};

}  // namespace edgetwin::fw
