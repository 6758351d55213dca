#pragma once
// Parsing JSON text with nlohmann, turning its syntax errors into positioned Diagnostics.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "edgetwin/model/diagnostic.hpp"

namespace edgetwin::model {

Parsed<nlohmann::json> parse_json_text(std::string_view text, const std::string& file);

// Reads a whole file; an unreadable file is one Diagnostic about the file (line 0).
Parsed<std::string> read_text_file(const std::string& path);

}  // namespace edgetwin::model
