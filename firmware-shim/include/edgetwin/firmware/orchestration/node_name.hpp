#pragma once
// The product's node naming rule (the console's 节点名称): node names become Kubernetes node
// names, so only digits, lowercase letters and '-', not starting or ending with '-', 4 to 30
// characters. The firmware's check is the source of truth; fleet validation calls it.
#include <cstddef>
#include <optional>
#include <string_view>

namespace edgetwin::fw {

inline constexpr std::size_t kNodeNameLengthMin = 4;
inline constexpr std::size_t kNodeNameLengthMax = 30;
inline constexpr std::string_view kNodeNameRule =
    "4 to 30 characters: digits, lowercase letters and '-', not starting or ending with '-'";

enum class NodeNameError { too_short, too_long, bad_character, starts_with_dash, ends_with_dash };

// nullopt when `name` follows the rule; otherwise the first rule it breaks (length first).
std::optional<NodeNameError> check_node_name(std::string_view name);
inline bool is_valid_node_name(std::string_view name) { return !check_node_name(name); }
std::string_view to_string(NodeNameError error);

}  // namespace edgetwin::fw
