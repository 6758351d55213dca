#pragma once
// Reading, validating and generating fleet files.
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "edgetwin/model/diagnostic.hpp"
#include "edgetwin/model/fleet.hpp"

namespace edgetwin::model {

// Parses and validates fleet JSON text; `file` names it in diagnostics.
Parsed<Fleet> parse_fleet(std::string_view text, const std::string& file);

// Validates an already-parsed JSON value (an inline fleet inside a scenario). `locator` was built
// from the whole text of `file`; `pointer_prefix` is where `doc` sits in that file (e.g.
// "/fleet"): it is prepended to pointers both for locating and in diagnostics.
class JsonLocator;
Parsed<Fleet> parse_fleet_value(const nlohmann::json& doc, const std::string& file,
                                const JsonLocator& locator, const std::string& pointer_prefix);

Parsed<Fleet> load_fleet_file(const std::filesystem::path& path);

struct GenerateOptions {
  int sites = 400;
  int boxes_per_site = 2;
  std::string name;  // default: "fleet-<sites>"
};

// A fleet file (as JSON, key order as in FORMATS.md) for N sites on the default EdgeBox
// hardware (40 CPUs, 256 GiB, 480 GiB SSD, 24 TiB HDD, 1 GPU) with the smart-community system.
nlohmann::ordered_json generate_fleet(const GenerateOptions& options);

}  // namespace edgetwin::model
