#include "edgetwin/firmware/base/ipv4_cidr.hpp"

#include <charconv>

namespace edgetwin::fw {
namespace {

std::optional<std::uint8_t> parse_octet(std::string_view part) {
  if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return std::nullopt;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
  if (ec != std::errc{} || end != part.data() + part.size() || value > 255) return std::nullopt;
  return static_cast<std::uint8_t>(value);
}

}  // namespace

std::optional<std::uint32_t> parse_ipv4(std::string_view text) {
  std::uint32_t address = 0;
  for (int i = 0; i < 4; ++i) {
    const auto dot = text.find('.');
    const bool last = i == 3;
    if (last != (dot == std::string_view::npos)) return std::nullopt;
    const auto octet = parse_octet(text.substr(0, dot));
    if (!octet) return std::nullopt;
    address = (address << 8) | *octet;
    if (!last) text.remove_prefix(dot + 1);
  }
  return address;
}

std::string format_ipv4(std::uint32_t address) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    if (!out.empty()) out += '.';
    out += std::to_string((address >> shift) & 0xff);
  }
  return out;
}

std::uint32_t Cidr::mask() const {
  return prefix_length == 0 ? 0u : ~std::uint32_t{0} << (32 - prefix_length);
}

bool Cidr::contains(std::uint32_t address) const { return (address & mask()) == network; }

bool Cidr::contains(const Cidr& inner) const {
  return prefix_length <= inner.prefix_length && contains(inner.network);
}

bool Cidr::overlaps(const Cidr& other) const {
  // Two blocks overlap exactly when the larger one contains the other's network address.
  return prefix_length <= other.prefix_length ? contains(other.network) : other.contains(network);
}

std::string Cidr::to_string() const {
  return format_ipv4(network) + "/" + std::to_string(prefix_length);
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto address = parse_ipv4(text.substr(0, slash));
  const auto digits = text.substr(slash + 1);
  int length = -1;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
  if (!address || digits.empty() || digits.size() > 2 || ec != std::errc() ||
      end != digits.data() + digits.size() || length < 0 || length > 32)
    return std::nullopt;
  const Cidr cidr{*address, length};
  if ((cidr.network & cidr.mask()) != cidr.network) return std::nullopt;
  return cidr;
}

}  // namespace edgetwin::fw
