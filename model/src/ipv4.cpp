#include "ipv4.hpp"

#include <charconv>

namespace edgetwin::model {
namespace {

// A CIDR prefix length: a decimal number with 1-3 digits and no sign; nullopt otherwise.
std::optional<int> parse_small_decimal(std::string_view text) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::uint32_t> parse_ipv4(std::string_view text, std::string* error) {
  auto address = fw::parse_ipv4(text);
  if (!address)
    *error = "expected an IPv4 address a.b.c.d (decimal octets 0-255, no leading zeros)";
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
    *error = "expected a CIDR block a.b.c.d/len with decimal octets 0-255 (no leading zeros)";
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

std::string format_ipv4(std::uint32_t address) { return fw::format_ipv4(address); }

}  // namespace edgetwin::model
