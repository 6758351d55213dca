#include "edgetwin/model/json_locator.hpp"

#include <vector>

#include "json_pointer.hpp"

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
    case 'b': out += '\b'; return;
    case 'f': out += '\f'; return;
    case 'n': out += '\n'; return;
    case 'r': out += '\r'; return;
    case 't': out += '\t'; return;
    case 'u': break;
    default: out += c; return;  // \" \\ \/
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

// Visits every value of the document in text order, recording where each one starts. An
// explicit stack instead of recursion: deeply nested input must not overflow ours.
class Walker {
 public:
  Walker(std::string_view text, std::map<std::string, std::pair<int, int>>& positions)
      : scanner_(text), positions_(positions) {}

  void run() {
    read_value("");
    while (!stack_.empty() && !scanner_.done()) {
      scanner_.skip_whitespace();
      const char c = scanner_.peek();
      if (c == '}' || c == ']') {
        scanner_.advance();
        stack_.pop_back();
        continue;
      }
      if (c == ',') scanner_.advance();
      read_value(next_member_pointer());
    }
  }

 private:
  struct Container {
    std::string pointer;
    bool is_object = false;
    std::size_t next_index = 0;
  };

  void read_value(std::string pointer) {
    scanner_.skip_whitespace();
    positions_[pointer] = scanner_.position();
    const char c = scanner_.peek();
    if (c == '{' || c == '[') {
      scanner_.advance();
      stack_.push_back({std::move(pointer), c == '{', 0});
    } else if (c == '"') {
      scanner_.read_string();
    } else {
      scanner_.skip_scalar();
    }
  }

  // Object members are named by their key ("key": value), array items by their index.
  std::string next_member_pointer() {
    Container& top = stack_.back();
    if (!top.is_object) return child_pointer(top.pointer, top.next_index++);
    scanner_.skip_whitespace();
    std::string pointer = child_pointer(top.pointer, scanner_.read_string());
    scanner_.skip_whitespace();
    scanner_.advance();  // ':'
    return pointer;
  }

  Scanner scanner_;
  std::map<std::string, std::pair<int, int>>& positions_;
  std::vector<Container> stack_;
};

}  // namespace

JsonLocator::JsonLocator(std::string_view text) { Walker(text, positions_).run(); }

std::pair<int, int> JsonLocator::locate(const std::string& pointer) const {
  std::string current = pointer;
  while (true) {
    if (auto it = positions_.find(current); it != positions_.end()) return it->second;
    if (current.empty()) return {0, 0};
    current = parent_pointer(current);
  }
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
