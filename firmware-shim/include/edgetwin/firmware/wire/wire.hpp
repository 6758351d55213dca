#pragma once
// The versioned envelope of every firmware message between boxes and the cloud:
//
//   0      4        5     6        8              12        20
//   | magic | version | type | length | sender_epoch | counter | payload (length) | tag (32) |
//
// magic "EDTW", version 2, all integers big-endian; sender_epoch is the sender's boot epoch so
// that a receiver can tell a message of a previous incarnation from a current one; counter and
// tag authenticate it (envelope_seal.hpp): encode_envelope leaves both zero, and the sender's
// SealingPlatform fills them in on the way out. Decoding checks the layout only, rejects
// anything malformed and says why; the receiver counts each reason.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/reason_counters.hpp"
#include "edgetwin/firmware/base/result.hpp"

namespace edgetwin::fw {

inline constexpr std::uint32_t kWireMagic = 0x45445457;  // "EDTW"
// 2: the counter and the tag (authenticated envelope); 1 had neither.
inline constexpr std::uint8_t kWireVersion = 2;
inline constexpr std::size_t kHeaderBytes = 20;
inline constexpr std::size_t kTypeOffset = 5;  // after the magic (4) and the version (1)
inline constexpr std::size_t kTagBytes = 32;  // HMAC-SHA-512-256 (crypto_auth)
inline constexpr std::size_t kPayloadBytesMax = 1200;  // stays within one Ethernet frame

enum class MessageType : std::uint8_t {
  peer_heartbeat = 1,
  node_report = 2,  // box -> cloud heartbeat with the node-list columns
  cloud_ack = 3,    // cloud -> box answer to a node report
  lease_request = 4,  // a VRRP master asks its peer or the site's witness for the VIP lease
  lease_reply = 5,
  lease_release = 6,  // a master that stepped down cleanly gives its lease back (SIGTERM)
  // Replicated data services (data_service.hpp), numbered from 20 up so that other message
  // families can take the numbers below.
  repl_append = 20,       // primary -> replica: log entries (or none: a heartbeat), term-fenced
  repl_ack = 21,          // replica -> primary: what it has persisted, and its term
  data_write = 22,        // client -> service VIP: append one value
  data_write_reply = 23,  // service -> client: ok (term, index) or fail
  data_read = 24,         // client -> service VIP: the last committed value
  data_read_reply = 25,
  // First boot and activation (activation_messages.hpp), numbered from 40 up.
  activation_request = 40,  // box -> cloud: a bind code or join token, in an activation session
  activation_reply = 41,    // cloud -> box: accepted, running, rejected (why) or retry later
  activation_done = 42,     // box -> cloud: the session's initialization finished
  // Fleet-wide rollout (rollout_messages.hpp), numbered from 60 up.
  deploy_order = 60,   // cloud -> box, downloader box -> peer: pull, install, report
  deploy_status = 61,  // box -> whoever ordered: downloading, ready or failed
  // App lifecycle (desired_messages.hpp), numbered from 80 up.
  desired_state = 80,   // cloud -> box: the site's placement at a generation
  desired_status = 81,  // box -> cloud: the generation held, the ready containers
  desired_chunk = 82,   // cloud -> box: one part of a site's placement too large for one datagram
  // Monitoring and alerts (condition_messages.hpp), numbered from 90 up.
  condition_report = 90,  // box -> cloud: containers and active conditions, aged
  condition_ack = 91,     // cloud -> box: the condition report with this seq arrived
  // The consoles' commands carried to a box (console_messages.hpp), numbered from 100 up.
  console_command = 100,  // cloud -> box: run this command (a password reset), by its id
  console_result = 101,   // box -> cloud: the command with this id was applied, or why not
};
inline constexpr std::uint8_t kMessageTypeMax = 6;
inline constexpr std::uint8_t kDataMessageTypeFirst = 20;
inline constexpr std::uint8_t kDataMessageTypeMax = 25;
inline constexpr std::uint8_t kActivationMessageTypeFirst = 40;
inline constexpr std::uint8_t kActivationMessageTypeMax = 42;
inline constexpr std::uint8_t kRolloutMessageTypeFirst = 60;
inline constexpr std::uint8_t kRolloutMessageTypeMax = 61;
inline constexpr std::uint8_t kDesiredMessageTypeFirst = 80;
inline constexpr std::uint8_t kDesiredMessageTypeMax = 82;
inline constexpr std::uint8_t kMonitoringMessageTypeFirst = 90;
inline constexpr std::uint8_t kMonitoringMessageTypeMax = 91;
inline constexpr std::uint8_t kConsoleMessageTypeFirst = 100;
inline constexpr std::uint8_t kConsoleMessageTypeMax = 101;

enum class DecodeError : std::uint8_t {
  truncated,     // shorter than a header, or than the header's length says
  bad_magic,
  bad_version,
  unknown_type,
  bad_length,    // longer than the header and tag say, or a payload over kPayloadBytesMax
  bad_payload,   // the envelope is fine but the message body does not parse
};
inline constexpr std::size_t kDecodeErrorKinds = 6;
std::string_view to_string(DecodeError e);

struct Envelope {
  MessageType type{};
  std::uint32_t sender_epoch = 0;
  std::uint64_t counter = 0;  // the sender's, per boot: what the receiver's replay window reads
  std::span<const std::byte> payload;
  std::span<const std::byte> authenticated;  // header and payload: what the tag covers
  std::span<const std::byte> tag;
};

// An unsealed envelope (counter and tag zero): the caller hands it to Platform::send, whose
// sealing layer (sealing_platform.hpp) numbers and authenticates it.
Bytes encode_envelope(MessageType type, std::uint32_t sender_epoch,
                      std::span<const std::byte> payload);
Result<Envelope, DecodeError> decode_envelope(std::span<const std::byte> datagram);

// Counts of dropped datagrams by reason.
using DecodeCounters = ReasonCounters<DecodeError, kDecodeErrorKinds>;

}  // namespace edgetwin::fw
