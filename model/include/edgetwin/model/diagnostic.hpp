#pragma once
// Errors in user files, reported as `file:line:column: message (at /json/pointer)`.
#include <optional>
#include <string>
#include <vector>

namespace edgetwin::model {

struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0 when the error is about the file as a whole
  int column = 0;  // 1-based
  std::string message;
  std::string pointer;  // RFC 6901 JSON pointer of the offending value ("" = document)

  // "file:line:column: message (at /pointer)"
  std::string to_string() const;
};

// A value or the list of everything wrong with the input (never both).
template <class T>
struct Parsed {
  std::optional<T> value;
  std::vector<Diagnostic> errors;

  bool ok() const { return value.has_value() && errors.empty(); }
};

}  // namespace edgetwin::model
