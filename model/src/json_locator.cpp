#include "edgetwin/model/json_locator.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace edgetwin::model {
namespace {

// Columns count characters, not bytes: skip UTF-8 continuation bytes.
bool starts_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

// Walks valid JSON text keeping track of line and column. It trusts its input (nlohmann has
// already accepted it), so it only needs to tell tokens apart, not to check them.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  std::pair<int, int> position() const { return {line_, column_}; }

  void advance() {
    if (done()) return;
    const char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if (done() || starts_character(text_[pos_])) {
      ++column_;
    }
  }

  void skip_whitespace() {
    while (!done() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
      advance();
    }
  }

  // At an opening quote; returns the decoded string (escapes resolved, as nlohmann stores keys).
  std::string read_string();

  void skip_scalar() {
    while (!done()) {
      const char c = peek();
      if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        return;
      }
      advance();
    }
  }

 private:
  unsigned read_hex4();
  void read_escape(std::string& out);

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

unsigned Scanner::read_hex4() {
  unsigned value = 0;
  for (int i = 0; i < 4 && !done(); ++i) {
    const char c = peek();
    value <<= 4;
    if (c >= '0' && c <= '9')
      value |= static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f')
      value |= static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      value |= static_cast<unsigned>(c - 'A' + 10);
    advance();
  }
  return value;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// After a backslash: appends the escaped character (\uXXXX as UTF-8, pairs joined).
void Scanner::read_escape(std::string& out) {
  const char c = peek();
  advance();
  switch (c) {
    case 'b':
      out += '\b';
      return;
    case 'f':
      out += '\f';
      return;
    case 'n':
      out += '\n';
      return;
    case 'r':
      out += '\r';
      return;
    case 't':
      out += '\t';
      return;
    case 'u':
      break;
    default:
      out += c;
      return;  // \" \\ \/
  }
  unsigned cp = read_hex4();
  if (cp >= 0xD800 && cp < 0xDC00 && peek() == '\\') {  // a surrogate pair
    advance();
    advance();
    cp = 0x10000 + ((cp - 0xD800) << 10) + (read_hex4() - 0xDC00);
  }
  append_utf8(out, cp);
}

std::string Scanner::read_string() {
  std::string out;
  advance();  // opening quote
  while (!done() && peek() != '"') {
    const char c = peek();
    advance();
    if (c == '\\') {
      read_escape(out);
    } else {
      out += c;
    }
  }
  advance();  // closing quote
  return out;
}

// An RFC 6901 token as written in a pointer: "~1" is "/", "~0" is "~".
std::string unescape_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[++i] == '0' ? '~' : '/';
    } else {
      out += token[i];
    }
  }
  return out;
}

// An array index as RFC 6901 writes it: digits without a leading zero.
std::optional<std::size_t> array_index(std::string_view token) {
  if (token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0')) return {};
  std::size_t index = 0;
  for (const char c : token) {
    if (c < '0' || c > '9') return {};
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  return index;
}

}  // namespace

// Visits every value of the document in text order, recording where each one starts. An
// explicit stack instead of recursion: deeply nested input must not overflow ours.
class LocatorBuilder {
 public:
  LocatorBuilder(std::string_view text, JsonLocator& out) : scanner_(text), out_(out) {}

  void run() {
    if (scanner_.done()) return;
    add_value(0, 0);
    while (!stack_.empty() && !scanner_.done()) {
      scanner_.skip_whitespace();
      const char c = scanner_.peek();
      if (c == '}' || c == ']') {
        scanner_.advance();
        close();
        continue;
      }
      if (c == ',') scanner_.advance();
      add_member();
    }
    while (!stack_.empty()) close();  // only for text nlohmann would not have accepted
    out_.nodes_.shrink_to_fit();
    out_.children_.shrink_to_fit();
    out_.keys_.shrink_to_fit();
  }

 private:
  struct Open {
    std::uint32_t node = 0;
    std::vector<std::uint32_t> children;
  };

  void add_value(std::uint32_t key_begin, std::uint32_t key_size) {
    scanner_.skip_whitespace();
    const auto [line, column] = scanner_.position();
    const auto id = static_cast<std::uint32_t>(out_.nodes_.size());
    JsonLocator::Node node;
    node.line = line;
    node.column = column;
    node.key_begin = key_begin;
    node.key_size = key_size;
    const char c = scanner_.peek();
    node.is_object = c == '{';
    out_.nodes_.push_back(node);
    if (!stack_.empty()) stack_.back().children.push_back(id);
    if (c == '{' || c == '[') {
      scanner_.advance();
      stack_.push_back({id, {}});
    } else if (c == '"') {
      scanner_.read_string();
    } else {
      scanner_.skip_scalar();
    }
  }

  // Object members are named by their key ("key": value), array items by their index.
  void add_member() {
    if (!out_.nodes_[stack_.back().node].is_object) {
      add_value(0, 0);
      return;
    }
    scanner_.skip_whitespace();
    const std::string key = scanner_.read_string();
    scanner_.skip_whitespace();
    scanner_.advance();  // ':'
    const auto begin = static_cast<std::uint32_t>(out_.keys_.size());
    out_.keys_ += key;
    add_value(begin, static_cast<std::uint32_t>(key.size()));
  }

  // A closed container's children go to the shared list, an object's sorted by key (stable:
  // of duplicate keys the last one wins, as in nlohmann's value).
  void close() {
    Open top = std::move(stack_.back());
    stack_.pop_back();
    JsonLocator::Node& node = out_.nodes_[top.node];
    if (node.is_object) {
      std::stable_sort(top.children.begin(), top.children.end(),
                       [&](std::uint32_t a, std::uint32_t b) {
                         return out_.key_of(out_.nodes_[a]) < out_.key_of(out_.nodes_[b]);
                       });
    }
    node.children_begin = static_cast<std::uint32_t>(out_.children_.size());
    node.children_size = static_cast<std::uint32_t>(top.children.size());
    out_.children_.insert(out_.children_.end(), top.children.begin(), top.children.end());
  }

  Scanner scanner_;
  JsonLocator& out_;
  std::vector<Open> stack_;
};

JsonLocator::JsonLocator(std::string_view text) { LocatorBuilder(text, *this).run(); }

std::string_view JsonLocator::key_of(const Node& node) const {
  return std::string_view(keys_).substr(node.key_begin, node.key_size);
}

const JsonLocator::Node* JsonLocator::child(const Node& parent, std::string_view token) const {
  const std::uint32_t* begin = children_.data() + parent.children_begin;
  const std::uint32_t* end = begin + parent.children_size;
  if (!parent.is_object) {
    const auto index = array_index(token);
    return index && *index < parent.children_size ? &nodes_[begin[*index]] : nullptr;
  }
  const auto* after = std::upper_bound(
      begin, end, token,
      [&](std::string_view t, std::uint32_t id) { return t < key_of(nodes_[id]); });
  if (after == begin || key_of(nodes_[*(after - 1)]) != token) return nullptr;
  return &nodes_[*(after - 1)];
}

std::pair<int, int> JsonLocator::locate(const std::string& pointer) const {
  if (nodes_.empty()) return {0, 0};
  const Node* node = &nodes_[0];
  std::size_t start = 0;
  while (start < pointer.size() && pointer[start] == '/') {
    const std::size_t end = std::min(pointer.find('/', start + 1), pointer.size());
    const Node* next =
        child(*node, unescape_token(std::string_view(pointer).substr(start + 1, end - start - 1)));
    if (next == nullptr) break;
    node = next;
    start = end;
  }
  return {node->line, node->column};
}

std::size_t JsonLocator::index_bytes() const {
  return nodes_.capacity() * sizeof(Node) + children_.capacity() * sizeof(std::uint32_t) +
         keys_.capacity();
}

std::pair<int, int> line_column_of(std::string_view text, std::size_t offset) {
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if (i + 1 >= text.size() || starts_character(text[i + 1])) {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace edgetwin::model
