#include "json_text.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "edgetwin/model/json_locator.hpp"

namespace edgetwin::model {
namespace {

std::vector<std::string> split(const std::string& text, const std::string& separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return parts;
    start = end + separator.size();
  }
}

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// nlohmann says "[json.exception.parse_error.101] parse error at line 2, column 8: syntax
// error while parsing object separator - unexpected string literal; expected ':'". We give
// the position ourselves, so keep only the useful part: "expected ':', found string literal".
std::string clean_parse_message(const std::string& what) {
  std::string detail = what;
  if (const auto dash = detail.find(" - "); dash != std::string::npos) {
    detail = detail.substr(dash + 3);
  } else if (const auto colon = detail.find(": "); colon != std::string::npos) {
    detail = detail.substr(colon + 2);
  }
  std::string expected, found, other;
  for (const auto& raw : split(detail, "; ")) {
    const std::string part = trim(raw);
    if (part.rfind("expected ", 0) == 0)
      expected = part;
    else if (part.rfind("unexpected ", 0) == 0)
      found = "found " + part.substr(11);
    else if (part.rfind("last read: ", 0) == 0)
      found += (found.empty() ? "near " : " near ") + trim(part.substr(11));
    else
      other += (other.empty() ? "" : ", ") + part;
  }
  std::string message = expected;
  for (const auto* piece : {&other, &found}) {
    if (piece->empty()) continue;
    message += (message.empty() ? "" : ", ") + *piece;
  }
  return message.empty() ? detail : message;
}

// nlohmann reports the offset after an unexpected token; users look for where it starts.
std::size_t token_start(std::string_view text, std::size_t last, const std::string& what) {
  if (last >= text.size()) return last;
  if (what.find("unexpected string literal") != std::string::npos && text[last] == '"') {
    for (std::size_t i = last; i-- > 0;) {
      if (text[i] == '"' && (i == 0 || text[i - 1] != '\\')) return i;
    }
  }
  if (what.find("unexpected number literal") != std::string::npos) {
    std::size_t i = last;
    while (i > 0 && std::string_view("0123456789+-.eE").find(text[i - 1]) != std::string_view::npos)
      --i;
    return i;
  }
  return last;
}

}  // namespace

Parsed<nlohmann::json> parse_json_text(std::string_view text, const std::string& file) {
  Parsed<nlohmann::json> result;
  try {
    result.value = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // `byte` counts the characters read, so the last one read (the offending one) is byte - 1.
    const std::size_t last = std::min(e.byte > 0 ? e.byte - 1 : 0, text.size());
    const auto [line, column] = line_column_of(text, token_start(text, last, e.what()));
    result.errors.push_back({file, line, column, clean_parse_message(e.what()), ""});
  }
  return result;
}

Parsed<std::string> read_text_file(const std::string& path) {
  Parsed<std::string> result;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result.errors.push_back(
        {path, 0, 0, std::string("cannot open file: ") + std::strerror(errno), ""});
    return result;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  result.value = buffer.str();
  return result;
}

}  // namespace edgetwin::model
