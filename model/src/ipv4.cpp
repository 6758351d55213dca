#include "ipv4.hpp"

#include <charconv>

namespace edgetwin::model {
namespace {

// A decimal number with 1-3 digits and no sign; nullopt otherwise.
std::optional<int> parse_small_decimal(std::string_view text) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::uint32_t> parse_ipv4(std::string_view text, std::string* error) {
  std::uint32_t address = 0;
  for (int octet_index = 0; octet_index < 4; ++octet_index) {
    const auto dot = text.find('.');
    const bool last = octet_index == 3;
    if (last != (dot == std::string_view::npos)) {
      *error = "expected an IPv4 address a.b.c.d";
      return std::nullopt;
    }
    const auto octet = parse_small_decimal(text.substr(0, dot));
    if (!octet || *octet > 255) {
      *error = "expected an IPv4 address a.b.c.d with octets 0-255";
      return std::nullopt;
    }
    address = (address << 8) | static_cast<std::uint32_t>(*octet);
    text = last ? std::string_view() : text.substr(dot + 1);
  }
  return address;
}

std::optional<Cidr> parse_cidr(std::string_view text, std::string* error) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    *error = "expected a CIDR block a.b.c.d/len";
    return std::nullopt;
  }
  const auto address = parse_ipv4(text.substr(0, slash), error);
  if (!address) {
    *error = "expected a CIDR block a.b.c.d/len with octets 0-255";
    return std::nullopt;
  }
  const auto length = parse_small_decimal(text.substr(slash + 1));
  if (!length || *length > 32) {
    *error = "expected a CIDR prefix length 0-32";
    return std::nullopt;
  }
  Cidr cidr{*address, *length};
  if ((cidr.network & cidr.mask()) != cidr.network) {
    *error = "network address has host bits set (did you mean " +
             format_ipv4(cidr.network & cidr.mask()) + "/" + std::to_string(*length) + "?)";
    return std::nullopt;
  }
  return cidr;
}

std::string format_ipv4(std::uint32_t address) {
  return std::to_string(address >> 24) + '.' + std::to_string((address >> 16) & 0xFF) + '.' +
         std::to_string((address >> 8) & 0xFF) + '.' + std::to_string(address & 0xFF);
}

}  // namespace edgetwin::model
