#include "json_text.hpp"

#include <cerrno>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <vector>

#include "edgetwin/model/input_limits.hpp"
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

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// Calls `visit(offset, c)` for every byte outside string literals: a linear pass that needs
// no valid JSON, so it can run before nlohmann builds anything. Stops when visit says so.
template <class Visit>
void scan_outside_strings(std::string_view text, Visit visit) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // the escaped character cannot end the string
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (!visit(i, c)) return;
  }
}

// Offset of the first '[' or '{' that opens level kMaxNestingDepth + 1, if any.
std::optional<std::size_t> too_deep_at(std::string_view text) {
  std::optional<std::size_t> found;
  std::size_t depth = 0;
  scan_outside_strings(text, [&](std::size_t i, char c) {
    if (c == '[' || c == '{') {
      if (++depth > kMaxNestingDepth) found = i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    return !found;
  });
  return found;
}

// Like nlohmann's lexer: strtod with the locale's decimal point (the studio runs under the
// user's locale).
bool overflows_double(std::string literal) {
  const char point = *std::localeconv()->decimal_point;
  for (char& c : literal) c = c == '.' ? point : c;
  return !std::isfinite(std::strtod(literal.c_str(), nullptr));
}

// nlohmann reports a number too large for a double (out_of_range.406) without its position.
// Everything before it parsed, so it is the first number literal in the text that overflows.
std::optional<std::pair<std::size_t, std::string>> overflowing_number(std::string_view text) {
  constexpr auto kNone = std::string_view::npos;
  std::optional<std::pair<std::size_t, std::string>> found;
  std::size_t start = kNone;
  const auto check = [&](std::size_t end) {
    const std::string literal(text.substr(start, end - start));
    if (overflows_double(literal)) found.emplace(start, literal);
    start = kNone;
  };
  scan_outside_strings(text, [&](std::size_t i, char c) {
    if (is_number_char(c)) {
      if (start == kNone) start = i;
    } else if (start != kNone) {
      check(i);
    }
    return !found;
  });
  if (!found && start != kNone) check(text.size());
  return found;
}

Diagnostic error_at(std::string_view text, std::size_t offset, const std::string& file,
                    std::string message) {
  const auto [line, column] = line_column_of(text, offset);
  return {file, line, column, std::move(message), ""};
}

// A hostile file is refused before nlohmann builds a value from it: too big or too deep.
std::optional<Diagnostic> check_limits(std::string_view text, const std::string& file) {
  if (text.size() > kMaxInputBytes) {
    return error_at(text, kMaxInputBytes, file,
                    "file is larger than " + std::to_string(kMaxInputBytes >> 20) +
                        " MiB, the limit for fleet and scenario files (docs/security.md)");
  }
  if (const auto offset = too_deep_at(text)) {
    return error_at(text, *offset, file,
                    "arrays and objects nested deeper than " + std::to_string(kMaxNestingDepth) +
                        " levels, the limit for fleet and scenario files (docs/security.md)");
  }
  return std::nullopt;
}

}  // namespace

Parsed<nlohmann::json> parse_json_text(std::string_view text, const std::string& file) {
  Parsed<nlohmann::json> result;
  if (auto error = check_limits(text, file)) {
    result.errors.push_back(std::move(*error));
    return result;
  }
  try {
    result.value = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // `byte` counts the characters read, so the last one read (the offending one) is byte - 1.
    const std::size_t last = std::min(e.byte > 0 ? e.byte - 1 : 0, text.size());
    const auto [line, column] = line_column_of(text, token_start(text, last, e.what()));
    result.errors.push_back({file, line, column, clean_parse_message(e.what()), ""});
  } catch (const nlohmann::json::exception& e) {
    // out_of_range.406: a number beyond a double's range (1e999). Nothing else is expected
    // from the parser, but whatever it is becomes a message at the start of the file.
    result.value.reset();
    if (const auto number = overflowing_number(text)) {
      result.errors.push_back(
          error_at(text, number->first, file,
                   "number " + number->second + " is out of range (beyond +-1.8e308)"));
    } else {
      result.errors.push_back(error_at(text, 0, file, clean_parse_message(e.what())));
    }
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
  // One byte over the limit is enough for parse_json_text to refuse the file, and /dev/zero
  // or a FIFO that never ends cannot make us read forever.
  std::string text;
  std::vector<char> chunk(1 << 16);
  while (text.size() <= kMaxInputBytes && in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    result.errors.push_back({path, 0, 0, "cannot read file", ""});
    return result;
  }
  result.value = std::move(text);
  return result;
}

}  // namespace edgetwin::model
