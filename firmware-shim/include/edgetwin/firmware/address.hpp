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

}  // namespace edgetwin::fw
