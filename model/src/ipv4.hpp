#pragma once
// IPv4 addresses and CIDR blocks as written in fleet files ("192.168.1.0/24").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"

namespace edgetwin::model {

// The firmware's CIDR block; this file adds the parsing with error messages for fleet files.
using Cidr = fw::Cidr;

// nullopt (and *error says why) unless `text` is a dotted quad with octets 0-255.
std::optional<std::uint32_t> parse_ipv4(std::string_view text, std::string* error);
// Checks syntax, length 0-32 and that no host bits are set.
std::optional<Cidr> parse_cidr(std::string_view text, std::string* error);
std::string format_ipv4(std::uint32_t address);

}  // namespace edgetwin::model
