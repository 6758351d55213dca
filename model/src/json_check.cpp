#include "json_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <tuple>

#include "json_pointer.hpp"

namespace edgetwin::model {

std::string describe_type(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

std::string quoted_list(std::initializer_list<std::string_view> items) {
  std::string out;
  for (const auto item : items) {
    if (!out.empty()) out += ", ";
    out += '\'';
    out += item;
    out += '\'';
  }
  return out;
}

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

void sort_diagnostics(std::vector<Diagnostic>& errors, const std::string& first_file) {
  std::stable_sort(errors.begin(), errors.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    const bool a_other = a.file != first_file;
    const bool b_other = b.file != first_file;
    return std::tie(a_other, a.line, a.column) < std::tie(b_other, b.line, b.column);
  });
}

Checker::Checker(std::string file, const JsonLocator& locator, std::string prefix)
    : file_(std::move(file)), locator_(locator), prefix_(std::move(prefix)) {}

std::string Checker::resolve(const std::string& pointer) const {
  if (origins_ == nullptr) return pointer;
  // Longest merged-document prefix we know the origin of, then the rest of the pointer.
  std::string head = pointer;
  while (true) {
    if (auto it = origins_->find(head); it != origins_->end()) {
      return it->second + pointer.substr(head.size());
    }
    if (head.empty()) return pointer;
    head = parent_pointer(head);
  }
}

void Checker::error(const std::string& pointer, const std::string& message) {
  const std::string absolute = prefix_ + resolve(pointer);
  if (!seen_.emplace(absolute, message).second) return;
  const auto [line, column] = locator_.locate(absolute);
  errors_.push_back({file_, line, column, message, absolute});
}

bool Checker::expect_object(const Json& value, const std::string& pointer) {
  if (value.is_object()) return true;
  error(pointer, "expected an object, got " + describe_type(value));
  return false;
}

bool Checker::expect_array(const Json& value, const std::string& pointer) {
  if (value.is_array()) return true;
  error(pointer, "expected an array, got " + describe_type(value));
  return false;
}

void Checker::check_keys(const Json& object, const std::string& pointer,
                         std::initializer_list<std::string_view> allowed) {
  if (!object.is_object()) return;
  for (const auto& [key, value] : object.items()) {
    if (key.rfind("x-", 0) == 0) continue;
    bool known = false;
    for (const auto name : allowed) known = known || name == key;
    if (!known) error(child_pointer(pointer, key), "unknown field '" + key + "'");
  }
}

const Json* Checker::field(const Json& object, const std::string& pointer, std::string_view key,
                           Need need) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(std::string(key));
  if (it != object.end()) return &*it;
  if (need == Need::kRequired) {
    error(pointer, "missing required field '" + std::string(key) + "'");
  }
  return nullptr;
}

const Json* Checker::object_field(const Json& object, const std::string& pointer,
                                  std::string_view key, Need need) {
  const Json* value = field(object, pointer, key, need);
  if (value == nullptr || !expect_object(*value, child_pointer(pointer, key))) return nullptr;
  return value;
}

const Json* Checker::array_field(const Json& object, const std::string& pointer,
                                 std::string_view key, Need need) {
  const Json* value = field(object, pointer, key, need);
  if (value == nullptr || !expect_array(*value, child_pointer(pointer, key))) return nullptr;
  return value;
}

std::optional<std::string> Checker::string_field(const Json& object, const std::string& pointer,
                                                 std::string_view key, Need need) {
  const Json* value = field(object, pointer, key, need);
  if (value == nullptr) return std::nullopt;
  return string_value(*value, child_pointer(pointer, key));
}

std::optional<std::string> Checker::enum_field(const Json& object, const std::string& pointer,
                                               std::string_view key,
                                               std::initializer_list<std::string_view> choices,
                                               Need need) {
  auto text = string_field(object, pointer, key, need);
  if (!text) return std::nullopt;
  for (const auto choice : choices) {
    if (choice == *text) return text;
  }
  error(child_pointer(pointer, key), "unsupported " + std::string(key) + " '" + *text +
                                         "' (expected one of " + quoted_list(choices) + ")");
  return std::nullopt;
}

std::optional<double> Checker::number_field(const Json& object, const std::string& pointer,
                                            std::string_view key, Bound bound, Need need) {
  const Json* value = field(object, pointer, key, need);
  if (value == nullptr) return std::nullopt;
  return number_value(*value, child_pointer(pointer, key), bound);
}

std::optional<int> Checker::int_field(const Json& object, const std::string& pointer,
                                      std::string_view key, Bound bound, Need need) {
  const Json* value = field(object, pointer, key, need);
  if (value == nullptr) return std::nullopt;
  return int_value(*value, child_pointer(pointer, key), bound);
}

std::optional<bool> Checker::bool_field(const Json& object, const std::string& pointer,
                                        std::string_view key, Need need) {
  const Json* value = field(object, pointer, key, need);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    error(child_pointer(pointer, key), "expected a boolean, got " + describe_type(*value));
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::string> Checker::string_value(const Json& value, const std::string& pointer) {
  if (!value.is_string()) {
    error(pointer, "expected a string, got " + describe_type(value));
    return std::nullopt;
  }
  return value.get<std::string>();
}

std::optional<double> Checker::number_value(const Json& value, const std::string& pointer,
                                            Bound bound) {
  if (!value.is_number()) {
    error(pointer, "expected a number, got " + describe_type(value));
    return std::nullopt;
  }
  const double number = value.get<double>();
  if (bound == Bound::kPositive && !(number > 0)) {
    error(pointer, "must be positive, got " + format_number(number));
    return std::nullopt;
  }
  if (bound == Bound::kNonNegative && !(number >= 0)) {
    error(pointer, "must not be negative, got " + format_number(number));
    return std::nullopt;
  }
  return number;
}

std::optional<int> Checker::int_value(const Json& value, const std::string& pointer, Bound bound) {
  const auto number = number_value(value, pointer, bound);
  if (!number) return std::nullopt;
  if (std::floor(*number) != *number || std::fabs(*number) > std::numeric_limits<int>::max()) {
    error(pointer, "expected a whole number, got " + format_number(*number));
    return std::nullopt;
  }
  return static_cast<int>(*number);
}

}  // namespace edgetwin::model
