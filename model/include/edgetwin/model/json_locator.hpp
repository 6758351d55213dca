#pragma once
// Maps JSON pointers to line/column positions in the source text. nlohmann_json 3.11 (the
// Debian version) does not record positions, so after nlohmann has accepted the text we scan
// it once more and remember where each value starts.
//
// The index is linear in the text (docs/security.md, "Hostile input"): per value a position,
// its key (a range of one shared buffer of decoded keys) and its children, never a full
// pointer string, which made deep or long-keyed files quadratic (80 KB of nesting: 3.5 GB).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edgetwin::model {

class JsonLocator {
 public:
  JsonLocator() = default;
  // `text` must be valid JSON (already accepted by nlohmann).
  explicit JsonLocator(std::string_view text);

  // Line and column (1-based) where the value at `pointer` starts; for a pointer that does
  // not exist, the position of its closest existing ancestor.
  std::pair<int, int> locate(const std::string& pointer) const;

  // Bytes the index holds (capacity of its vectors), for the bound checked by the tests.
  std::size_t index_bytes() const;

  struct Node {
    std::int32_t line = 0;
    std::int32_t column = 0;
    std::uint32_t key_begin = 0;  // in keys_: the decoded key of an object member
    std::uint32_t key_size = 0;
    std::uint32_t children_begin = 0;  // in children_: sorted by key for objects
    std::uint32_t children_size = 0;
    bool is_object = false;
  };

 private:
  friend class LocatorBuilder;

  std::string_view key_of(const Node& node) const;
  // The child of `parent` named by one unescaped pointer token, or nullptr.
  const Node* child(const Node& parent, std::string_view token) const;

  std::vector<Node> nodes_;  // nodes_[0] is the document
  std::vector<std::uint32_t> children_;
  std::string keys_;
};

// Line/column (1-based) of a byte offset in text.
std::pair<int, int> line_column_of(std::string_view text, std::size_t offset);

}  // namespace edgetwin::model
