#include "edgetwin/firmware/ipv4_cidr.hpp"

#include <charconv>

#include "edgetwin/firmware/vrrp_packet.hpp"

namespace edgetwin::fw {

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
