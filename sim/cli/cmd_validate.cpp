#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "edgetwin/model/fleet_io.hpp"
#include "edgetwin/model/scenario.hpp"

namespace edgetwin::cli {
namespace {

bool is_scenario(const std::string& path) {
  if (path.ends_with(".scenario.json")) return true;
  if (path.ends_with(".fleet.json")) return false;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str().find("edgetwin.scenario/") != std::string::npos;
}

// Prints the file's errors (or a one-line summary); true when it is valid.
bool validate_one(const std::string& path) {
  std::vector<model::Diagnostic> errors;
  std::string summary;
  if (is_scenario(path)) {
    auto parsed = model::load_scenario_file(path);
    errors = parsed.errors;
    if (parsed.ok())
      summary = "scenario '" + parsed.value->name + "', " +
                std::to_string(parsed.value->fleet.sites.size()) + " sites, " +
                std::to_string(parsed.value->faults.size()) + " faults, " +
                std::to_string(parsed.value->expect.size()) + " expectations";
  } else {
    auto parsed = model::load_fleet_file(path);
    errors = parsed.errors;
    if (parsed.ok())
      summary = "fleet '" + parsed.value->name + "', " + std::to_string(parsed.value->sites.size()) +
                " sites, " + std::to_string(parsed.value->box_count()) + " boxes";
  }
  for (const auto& e : errors) std::cerr << e.to_string() << "\n";
  if (errors.empty()) std::cout << path << ": ok (" << summary << ")\n";
  return errors.empty();
}

}  // namespace

Command add_validate(CLI::App& cmd) {
  auto files = std::make_shared<std::vector<std::string>>();
  cmd.add_option("files", *files, "fleet and scenario files")->required();
  return [files]() {
    bool all_ok = true;
    for (const auto& f : *files) all_ok = validate_one(f) && all_ok;
    return all_ok ? kExitPassed : kExitBadInput;
  };
}

}  // namespace edgetwin::cli
