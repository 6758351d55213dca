#pragma once
// IPv4 CIDR blocks ("10.42.0.0/16"), for the cluster's LAN, pod and service ranges. Addresses
// are host-order integers; parse_ipv4/format_ipv4 (vrrp_packet.hpp) read and write them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edgetwin::fw {

struct Cidr {
  std::uint32_t network = 0;
  int prefix_length = 0;

  std::uint32_t mask() const;
  std::uint64_t size() const { return std::uint64_t{1} << (32 - prefix_length); }
  std::uint32_t last() const { return network | ~mask(); }
  bool contains(std::uint32_t address) const;
  bool contains(const Cidr& inner) const;
  bool overlaps(const Cidr& other) const;
  std::string to_string() const;
  auto operator<=>(const Cidr&) const = default;
};

// nullopt unless `text` is a.b.c.d/len with len 0-32 and no host bits set.
std::optional<Cidr> parse_cidr(std::string_view text);

}  // namespace edgetwin::fw
