#include "edgetwin/reports/junit.hpp"

#include <cstdio>
#include <sstream>
#include <string_view>

namespace edgetwin::reports {
namespace {

using Json = nlohmann::ordered_json;

// Escapes text for both attribute values and element content. XML 1.0 forbids most control
// characters even as references, so they become '?'; newlines and tabs in attributes become
// references so that parsers do not normalise them to spaces.
std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    }
  }
  return out;
}

// Numbers as JSON writes them (shortest round-trip form), strings as they are.
std::string text(const Json& v) {
  if (v.is_null()) return "none";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// "peer_detect_s max 3.001 site s001": unique enough to tell the entries of one scenario apart.
std::string case_name(const Json& expect) {
  std::string out = text(expect.value("metric", Json("?")));
  for (const char* key : {"min", "max", "equals", "site", "app", "at_s"})
    if (expect.contains(key)) out += std::string(" ") + key + " " + text(expect[key]);
  return out;
}

// Which bound the actual value broke, or why there was no value to compare.
std::string broken_bound(const Json& expect, const Json& actual) {
  if (!actual.is_number()) return "no value";
  const double v = actual.get<double>();
  if (expect.contains("min") && v < expect["min"].get<double>())
    return "below min " + text(expect["min"]);
  if (expect.contains("max") && v > expect["max"].get<double>())
    return "above max " + text(expect["max"]);
  if (expect.contains("equals")) return "not equal to " + text(expect["equals"]);
  return "outside its bounds";
}

std::string failure_message(const Json& assertion) {
  const Json& expect = assertion["expect"];
  std::string out = text(expect.value("metric", Json("?"))) + ": actual " +
                    text(assertion.value("actual", Json())) + ", " +
                    broken_bound(expect, assertion.value("actual", Json()));
  if (assertion.contains("worst_site")) out += ", worst site " + text(assertion["worst_site"]);
  if (assertion.contains("why")) out += " (" + text(assertion["why"]) + ")";
  return out;
}

void write_testcase(std::ostream& out, const Json& assertion, const std::string& classname) {
  out << "    <testcase name=\"" << xml_escape(case_name(assertion["expect"])) << "\" classname=\""
      << xml_escape(classname) << "\"";
  if (assertion.value("passed", false)) {
    out << "/>\n";
    return;
  }
  out << ">\n      <failure type=\"assertion\" message=\"" << xml_escape(failure_message(assertion))
      << "\">" << xml_escape(assertion.dump()) << "</failure>\n    </testcase>\n";
}

}  // namespace

std::string junit_xml(const Json& result) {
  const std::string scenario = text(result.value("scenario", Json("?")));
  const Json assertions = result.value("assertions", Json::array());
  std::size_t failures = 0;
  for (const auto& a : assertions) failures += a.value("passed", false) ? 0 : 1;
  const std::string counts = "tests=\"" + std::to_string(assertions.size()) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"0\" time=\"" +
                             xml_escape(text(result.value("wall_s", Json(0)))) + "\"";
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"edgetwin\" " << counts << ">\n"
      << "  <testsuite name=\"" << xml_escape(scenario) << "\" " << counts << ">\n"
      << "    <properties>\n"
      << "      <property name=\"seed\" value=\"" << xml_escape(text(result.value("seed", Json())))
      << "\"/>\n"
      << "      <property name=\"scenario\" value=\"" << xml_escape(scenario) << "\"/>\n"
      << "    </properties>\n";
  for (const auto& a : assertions) write_testcase(out, a, scenario);
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace edgetwin::reports
