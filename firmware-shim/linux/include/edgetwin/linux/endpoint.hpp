#pragma once
// Where a logical node (a box name, "cloud", a witness) lives on a real network.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edgetwin::linux_box {

struct Endpoint {
  std::string node;      // the firmware's Address::node
  std::uint32_t ip = 0;  // IPv4, host order
  std::uint16_t port = 0;
};

// "10.0.0.1:7400" -> ip and port; nullopt when malformed.
std::optional<Endpoint> parse_endpoint(std::string node, std::string_view text);

// Counters of what the transports dropped before the firmware saw it.
struct TransportCounters {
  std::uint64_t udp_received = 0;
  std::uint64_t udp_unknown_sender = 0;  // not a configured endpoint: never handed over
  std::uint64_t udp_oversize = 0;        // larger than any firmware datagram
  std::uint64_t vrrp_received = 0;
  std::uint64_t vrrp_bad_ip_header = 0;  // truncated, not IPv4, wrong protocol, bad lengths
  std::uint64_t vrrp_bad_ttl = 0;        // RFC 5798 5.1.1.3: TTL must be 255 (not routed)
  std::uint64_t vrrp_unknown_sender = 0;
  std::uint64_t send_unroutable = 0;  // to a node with no endpoint (e.g. no cloud configured)
  std::uint64_t send_errors = 0;
};

}  // namespace edgetwin::linux_box
