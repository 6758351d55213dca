#pragma once
// Naming rules of the product and the site-name patterns of `generate`.
#include <optional>
#include <string>
#include <string_view>

namespace edgetwin::model {

inline constexpr std::string_view kNodeNameRule =
    "4 to 30 characters: digits, lowercase letters and '-', not starting or ending with '-'";

// The box (node) naming rule of the product.
bool is_valid_node_name(std::string_view name);
// Site names: non-empty; digits, lowercase letters and '-'.
bool is_valid_site_name(std::string_view name);

// Expands the one placeholder of `pattern`: "{}" (plain) or "{:0N}" (zero-padded to N digits).
// nullopt when the pattern has no placeholder, more than one, or one we do not understand.
std::optional<std::string> expand_name_pattern(std::string_view pattern, int number);

}  // namespace edgetwin::model
