#include "json_pointer.hpp"

#include <nlohmann/json.hpp>

namespace edgetwin::model {

std::string escape_pointer_token(std::string_view token) {
  // nlohmann's json_pointer escapes a token it appends (~ as ~0, / as ~1).
  return (nlohmann::json::json_pointer{} / std::string(token)).to_string().substr(1);
}

std::string child_pointer(const std::string& parent, std::string_view key) {
  return parent + '/' + escape_pointer_token(key);
}

std::string child_pointer(const std::string& parent, std::size_t index) {
  return parent + '/' + std::to_string(index);
}

std::string parent_pointer(const std::string& pointer) {
  const auto slash = pointer.rfind('/');
  return slash == std::string::npos ? std::string() : pointer.substr(0, slash);
}

}  // namespace edgetwin::model
