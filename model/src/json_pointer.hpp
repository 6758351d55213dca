#pragma once
// RFC 6901 JSON pointers built and taken apart as strings ("~" is "~0", "/" is "~1").
#include <cstddef>
#include <string>
#include <string_view>

namespace edgetwin::model {

std::string escape_pointer_token(std::string_view token);
std::string child_pointer(const std::string& parent, std::string_view key);
std::string child_pointer(const std::string& parent, std::size_t index);
// "" for "" and for top-level children.
std::string parent_pointer(const std::string& pointer);

}  // namespace edgetwin::model
