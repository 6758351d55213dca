#pragma once
// Maps JSON pointers to line/column positions in the source text. nlohmann_json 3.11 (the
// Debian version) does not record positions, so after nlohmann has accepted the text we scan
// it once more and remember where each value starts.
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace edgetwin::model {

class JsonLocator {
 public:
  JsonLocator() = default;
  // `text` must be valid JSON (already accepted by nlohmann).
  explicit JsonLocator(std::string_view text);

  // Line and column (1-based) where the value at `pointer` starts; for a pointer that does
  // not exist, the position of its closest existing ancestor.
  std::pair<int, int> locate(const std::string& pointer) const;

 private:
  std::map<std::string, std::pair<int, int>> positions_;
};

// Line/column (1-based) of a byte offset in text.
std::pair<int, int> line_column_of(std::string_view text, std::size_t offset);

}  // namespace edgetwin::model
