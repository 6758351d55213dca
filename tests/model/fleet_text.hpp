#pragma once
// A small valid fleet as text with fixed line numbers, so tests can state exact positions:
// lines 1-9 are the header below; `site_lines` start at line 10; `extra_lines` (top-level
// fields, each ending in a comma) come before "sites" and shift it down by their count.
#include <string>
#include <vector>

#include "edgetwin/model/diagnostic.hpp"

namespace edgetwin::model::test {

inline std::string fleet_text(const std::vector<std::string>& site_lines,
                              const std::vector<std::string>& extra_lines = {}) {
  std::string text =
      "{\n"                                                                    // 1
      "  \"format\": \"edgetwin.fleet/v1\",\n"                                 // 2
      "  \"hardware\": {\"edgebox\": {\"cpus\": 40, \"memory_gib\": 256}},\n"  // 3
      "  \"apps\": {\"web\": {\"version\": \"1.0\", \"image_mib\": 100, \"cpu\": 1, "
      "\"memory_mib\": 512}},\n"                  // 4
      "  \"systems\": {\"basic\": [\"web\"]},\n"  // 5
      "  \"site_defaults\": {\"boxes\": 2, \"hardware\": \"edgebox\", \"system\": \"basic\",\n"
      "    \"lan\": {\"cidr\": \"192.168.1.0/24\"}, \"service_cidr\": \"192.168.2.0/24\",\n"  // 7
      "    \"wan\": {\"mbps\": 100, \"latency_ms\": 30}},\n";                                 // 8
  for (const auto& line : extra_lines) text += line + "\n";
  text += "  \"sites\": [\n";  // 9 (without extra lines)
  for (std::size_t i = 0; i < site_lines.size(); ++i) {
    text += site_lines[i] + (i + 1 < site_lines.size() ? ",\n" : "\n");
  }
  text += "  ]\n}\n";
  return text;
}

// Every diagnostic, one per line, for failure messages.
inline std::string all_errors(const std::vector<Diagnostic>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string() + "\n";
  return out;
}

}  // namespace edgetwin::model::test
