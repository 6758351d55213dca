#pragma once
// The versioned envelope of every firmware message between boxes and the cloud:
//
//   0      4        5     6        8              12
//   | magic | version | type | length | sender_epoch | payload (length bytes) |
//
// magic "EDTW", version 1, all integers big-endian; sender_epoch is the sender's boot epoch so
// that a receiver can tell a message of a previous incarnation from a current one. Decoding
// rejects anything malformed and says why; the receiver counts each reason.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "edgetwin/firmware/reason_counters.hpp"
#include "edgetwin/firmware/platform.hpp"
#include "edgetwin/firmware/result.hpp"

namespace edgetwin::fw {

inline constexpr std::uint32_t kWireMagic = 0x45445457;  // "EDTW"
inline constexpr std::uint8_t kWireVersion = 1;
inline constexpr std::size_t kHeaderBytes = 12;
inline constexpr std::size_t kPayloadBytesMax = 1200;  // stays within one Ethernet frame

enum class MessageType : std::uint8_t {
  peer_heartbeat = 1,
  node_report = 2,  // box -> cloud heartbeat with the node-list columns
  cloud_ack = 3,    // cloud -> box answer to a node report
  lease_request = 4,  // a VRRP master asks its peer or the site's witness for the VIP lease
  lease_reply = 5,
};
inline constexpr std::uint8_t kMessageTypeMax = 5;

enum class DecodeError : std::uint8_t {
  truncated,     // shorter than a header, or than the header's length says
  bad_magic,
  bad_version,
  unknown_type,
  bad_length,    // longer than the header says, or over kPayloadBytesMax
  bad_payload,   // the envelope is fine but the message body does not parse
};
inline constexpr std::size_t kDecodeErrorKinds = 6;
std::string_view to_string(DecodeError e);

struct Envelope {
  MessageType type{};
  std::uint32_t sender_epoch = 0;
  std::span<const std::byte> payload;
};

Bytes encode_envelope(MessageType type, std::uint32_t sender_epoch,
                      std::span<const std::byte> payload);
Result<Envelope, DecodeError> decode_envelope(std::span<const std::byte> datagram);

// Counts of dropped datagrams by reason.
using DecodeCounters = ReasonCounters<DecodeError, kDecodeErrorKinds>;

}  // namespace edgetwin::fw
