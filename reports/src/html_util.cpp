#include "edgetwin/reports/html_report.hpp"
#include "html_sections.hpp"
#include "text_format.hpp"

namespace edgetwin::reports {
namespace {
constexpr char kRawMark = '\x01';
}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case kRawMark: break;  // never let input text pose as trusted HTML
      default: out += c;
    }
  }
  return out;
}

std::string html_raw(const std::string& html) { return kRawMark + html; }

std::string html_row(const std::vector<std::string>& cells, const char* tag) {
  std::string out = "<tr>";
  for (const auto& cell : cells) {
    const bool raw = !cell.empty() && cell.front() == kRawMark;
    out += std::string("<") + tag + ">" + (raw ? cell.substr(1) : html_escape(cell)) + "</" +
           tag + ">";
  }
  return out + "</tr>\n";
}

std::string must_be_zero(double value, const std::string& unit) {
  const std::string text = html_escape(format_number(value) + unit);
  return value != 0 ? "<strong class=\"bad\">" + text + "</strong>" : text;
}

}  // namespace edgetwin::reports
