#pragma once
// IPv4 addresses and CIDR blocks ("10.42.0.0/16"), for VRRP, the setup dialogue and the
// cluster's LAN, pod and service ranges. Addresses are host-order integers. The one parser of
// the code base: the fleet reader (model/src/ipv4.hpp) wraps it with error messages.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edgetwin::fw {

// Dotted-quad IPv4 in host order. Strict: four decimal parts 0..255, no leading zeros (which
// inet_aton would read as octal), nothing else.
std::optional<std::uint32_t> parse_ipv4(std::string_view text);
std::string format_ipv4(std::uint32_t address);


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
