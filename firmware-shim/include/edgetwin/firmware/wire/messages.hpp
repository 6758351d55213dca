#pragma once
// Message bodies carried in the wire envelope. Each encodes to bytes and decodes strictly
// (no missing and no trailing bytes).
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

// Box <-> box liveness heartbeat.
struct PeerHeartbeat {
  std::string from;
  std::uint64_t seq = 0;

  Bytes encode() const;
  static std::optional<PeerHeartbeat> decode(std::span<const std::byte> payload);
};

// Box -> cloud heartbeat: the columns of the cloud's node list.
struct NodeReport {
  std::string name;
  std::string site;
  std::string ip;
  std::uint16_t cpus = 0;
  std::uint32_t memory_gib = 0;
  std::uint32_t ssd_gib = 0;
  std::uint32_t cpu_request_milli = 0;  // sum over containers, in thousandths of a CPU
  std::uint32_t cpu_limit_milli = 0;
  std::uint32_t memory_request_mib = 0;
  std::uint32_t memory_limit_mib = 0;
  std::uint64_t seq = 0;

  Bytes encode() const;
  static std::optional<NodeReport> decode(std::span<const std::byte> payload);
};

// A box that is VRRP master asks for the right to hold its site's VIP for `duration_ms`.
struct LeaseRequest {
  std::string site;
  std::string requester;
  std::uint64_t seq = 0;
  std::uint32_t duration_ms = 0;

  Bytes encode() const;
  static std::optional<LeaseRequest> decode(std::span<const std::byte> payload);
};

// The answer: granted for `duration_ms`, or refused because `holder` has it.
struct LeaseReply {
  std::string site;
  std::string holder;
  std::uint64_t seq = 0;  // of the request answered
  bool granted = false;
  std::uint32_t duration_ms = 0;

  Bytes encode() const;
  static std::optional<LeaseReply> decode(std::span<const std::byte> payload);
};

// A master that steps down cleanly (SIGTERM) gives its lease back to every grantor, after the
// VIP is off its interface, so that the backup need not wait for the lease to run out. `seq`
// is the last request `holder` sent in its current boot: the release ends a grant answering
// that request or an earlier one of the same boot, never a later one, so a release replayed
// (or re-sealed by a site member) after the holder asked again ends nothing.
struct LeaseRelease {
  std::string site;
  std::string holder;
  std::uint64_t seq = 0;

  Bytes encode() const;
  static std::optional<LeaseRelease> decode(std::span<const std::byte> payload);
};

// Cloud -> box: the report with this sequence number was received.
struct CloudAck {
  std::uint64_t seq = 0;

  Bytes encode() const;
  static std::optional<CloudAck> decode(std::span<const std::byte> payload);
};

}  // namespace edgetwin::fw
