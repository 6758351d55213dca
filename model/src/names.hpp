#pragma once
// Naming rules of the product and the site-name patterns of `generate`.
#include <optional>
#include <string>
#include <string_view>

#include "edgetwin/firmware/orchestration/node_name.hpp"

namespace edgetwin::model {

// The box (node) naming rule of the product; the firmware's check is the source of truth.
inline constexpr std::string_view kNodeNameRule = fw::kNodeNameRule;
inline bool is_valid_node_name(std::string_view name) { return fw::is_valid_node_name(name); }
// Site names: non-empty; digits, lowercase letters and '-'.
bool is_valid_site_name(std::string_view name);

// Expands the one placeholder of `pattern`: "{}" (plain) or "{:0N}" (zero-padded to N digits).
// nullopt when the pattern has no placeholder, more than one, or one we do not understand.
std::optional<std::string> expand_name_pattern(std::string_view pattern, int number);

}  // namespace edgetwin::model
