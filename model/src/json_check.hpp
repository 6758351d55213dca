#pragma once
// Typed reads of JSON fields that record a Diagnostic (at the value's position) instead of
// throwing, so a file is checked completely and every mistake is reported at once.
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edgetwin/model/diagnostic.hpp"
#include "edgetwin/model/json_locator.hpp"

namespace edgetwin::model {

using Json = nlohmann::json;

enum class Bound { kAny, kNonNegative, kPositive };
enum class Need { kOptional, kRequired };

class Checker {
 public:
  // Pointers given to the checker are relative to the checked document; `prefix` places that
  // document inside the file the locator was built from (e.g. "/fleet" for an inline fleet).
  Checker(std::string file, const JsonLocator& locator, std::string prefix);

  void error(const std::string& pointer, const std::string& message);
  bool failed() const { return !errors_.empty(); }
  std::size_t error_count() const { return errors_.size(); }
  std::vector<Diagnostic> take_errors() { return std::move(errors_); }
  const std::string& file() const { return file_; }

  // While set, pointers are first mapped through `origins` (merged-document pointer -> the
  // pointer of the value it came from): used for sites overlaid on site_defaults.
  void set_origins(const std::map<std::string, std::string>* origins) { origins_ = origins; }

  bool expect_object(const Json& value, const std::string& pointer);
  bool expect_array(const Json& value, const std::string& pointer);
  // Reports every key not in `allowed` ("x-" prefixed keys are extensions and always allowed).
  void check_keys(const Json& object, const std::string& pointer,
                  std::initializer_list<std::string_view> allowed);

  // The field's value, or nullptr when absent (an error when required).
  const Json* field(const Json& object, const std::string& pointer, std::string_view key,
                    Need need);
  const Json* object_field(const Json& object, const std::string& pointer, std::string_view key,
                           Need need);
  const Json* array_field(const Json& object, const std::string& pointer, std::string_view key,
                          Need need);
  std::optional<std::string> string_field(const Json& object, const std::string& pointer,
                                          std::string_view key, Need need);
  std::optional<std::string> enum_field(const Json& object, const std::string& pointer,
                                        std::string_view key,
                                        std::initializer_list<std::string_view> choices, Need need);
  std::optional<double> number_field(const Json& object, const std::string& pointer,
                                     std::string_view key, Bound bound, Need need);
  std::optional<int> int_field(const Json& object, const std::string& pointer, std::string_view key,
                               Bound bound, Need need);
  std::optional<bool> bool_field(const Json& object, const std::string& pointer,
                                 std::string_view key, Need need);

  // Checks a value that is not an object member (array items).
  std::optional<std::string> string_value(const Json& value, const std::string& pointer);
  std::optional<double> number_value(const Json& value, const std::string& pointer, Bound bound);
  std::optional<int> int_value(const Json& value, const std::string& pointer, Bound bound);

 private:
  std::string resolve(const std::string& pointer) const;

  std::string file_;
  const JsonLocator& locator_;
  std::string prefix_;
  const std::map<std::string, std::string>* origins_ = nullptr;
  std::vector<Diagnostic> errors_;
  // Defaults are checked once per site that uses them; report each mistake once.
  std::set<std::pair<std::string, std::string>> seen_;
};

// Sorts diagnostics into reading order: those about `first_file` first, then by position
// (stable, so errors found at one position keep the order they were found in).
void sort_diagnostics(std::vector<Diagnostic>& errors, const std::string& first_file);

// "a string", "an object", ... for messages.
std::string describe_type(const Json& value);
std::string quoted_list(std::initializer_list<std::string_view> items);
// Numbers in messages: "4" rather than "4.000000".
std::string format_number(double value);

}  // namespace edgetwin::model
