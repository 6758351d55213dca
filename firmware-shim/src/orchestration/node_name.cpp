#include "edgetwin/firmware/orchestration/node_name.hpp"

namespace edgetwin::fw {
namespace {

bool is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

std::optional<NodeNameError> check_node_name(std::string_view name) {
  if (name.size() < kNodeNameLengthMin) return NodeNameError::too_short;
  if (name.size() > kNodeNameLengthMax) return NodeNameError::too_long;
  for (const char c : name)
    if (!is_name_character(c)) return NodeNameError::bad_character;
  if (name.front() == '-') return NodeNameError::starts_with_dash;
  if (name.back() == '-') return NodeNameError::ends_with_dash;
  return std::nullopt;
}

std::string_view to_string(NodeNameError error) {
  switch (error) {
    case NodeNameError::too_short:
      return "shorter than 4 characters";
    case NodeNameError::too_long:
      return "longer than 30 characters";
    case NodeNameError::bad_character:
      return "only digits, lowercase letters and '-' are allowed";
    case NodeNameError::starts_with_dash:
      return "must not start with '-'";
    case NodeNameError::ends_with_dash:
      return "must not end with '-'";
  }
  return "invalid node name";
}

}  // namespace edgetwin::fw
