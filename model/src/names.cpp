#include "names.hpp"

#include <charconv>

namespace edgetwin::model {
namespace {

bool is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool all_name_characters(std::string_view name) {
  for (const char c : name) {
    if (!is_name_character(c)) return false;
  }
  return true;
}

constexpr int kPadWidthMax = 9;

}  // namespace

bool is_valid_site_name(std::string_view name) {
  return !name.empty() && all_name_characters(name);
}

std::optional<std::string> expand_name_pattern(std::string_view pattern, int number) {
  const auto open = pattern.find('{');
  const auto close = pattern.find('}');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return std::nullopt;
  }
  const auto rest = pattern.substr(close + 1);
  if (rest.find('{') != std::string_view::npos || rest.find('}') != std::string_view::npos) {
    return std::nullopt;
  }
  const auto spec = pattern.substr(open + 1, close - open - 1);
  int width = 0;
  if (!spec.empty()) {
    if (spec.size() < 3 || spec.substr(0, 2) != ":0") return std::nullopt;
    const auto digits = spec.substr(2);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), width);
    if (ec != std::errc() || end != digits.data() + digits.size() || width > kPadWidthMax) {
      return std::nullopt;
    }
  }
  std::string digits = std::to_string(number);
  if (static_cast<int>(digits.size()) < width) {
    digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  }
  return std::string(pattern.substr(0, open)) + digits + std::string(rest);
}

}  // namespace edgetwin::model
