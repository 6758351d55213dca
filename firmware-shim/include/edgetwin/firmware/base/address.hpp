#pragma once
// Where a datagram goes. Firmware never names hosts or links of a backend: an address is the
// logical node name (a box name or "cloud"); each backend maps it to a socket, a mailbox or a
// queue.
#include <compare>
#include <string>

namespace edgetwin::fw {

struct Address {
  std::string node;
  auto operator<=>(const Address&) const = default;
};

inline const Address kCloudAddress{"cloud"};

// What carries a datagram. On a real box, `firmware` is UDP between firmware agents and
// `vrrp` is IP protocol 112 (RFC 5798), so that a box can sit beside keepalived on the wire.
enum class Channel : unsigned char { firmware, vrrp };

}  // namespace edgetwin::fw
