#pragma once
// IPv4 addresses and CIDR blocks as written in fleet files ("192.168.1.0/24").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edgetwin::model {

struct Cidr {
  std::uint32_t network = 0;
  int prefix_length = 0;

  std::uint32_t mask() const;
  std::uint64_t size() const { return std::uint64_t{1} << (32 - prefix_length); }
  bool contains(std::uint32_t address) const;
  bool overlaps(const Cidr& other) const;
};

// nullopt (and *error says why) unless `text` is a dotted quad with octets 0-255.
std::optional<std::uint32_t> parse_ipv4(std::string_view text, std::string* error);
// Checks syntax, length 0-32 and that no host bits are set.
std::optional<Cidr> parse_cidr(std::string_view text, std::string* error);
std::string format_ipv4(std::uint32_t address);

}  // namespace edgetwin::model
