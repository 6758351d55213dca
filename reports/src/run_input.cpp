#include <fstream>
#include <sstream>

#include "edgetwin/model/fleet_io.hpp"
#include "edgetwin/model/scenario.hpp"
#include "edgetwin/reports/report.hpp"

namespace edgetwin::reports {
namespace {

using Json = nlohmann::ordered_json;

std::string check_assertion(const Json& a, const std::string& at) {
  if (!a.is_object()) return at + " is not an object";
  if (!a.contains("expect") || !a["expect"].is_object() || !a["expect"].contains("metric") ||
      !a["expect"]["metric"].is_string())
    return at + "/expect/metric is missing or not a string";
  if (!a.contains("passed") || !a["passed"].is_boolean())
    return at + "/passed is missing or not true/false";
  if (a.contains("actual") && !a["actual"].is_number() && !a["actual"].is_null())
    return at + "/actual is not a number";
  return "";
}

// Messages for a failed fleet or scenario load: the first few diagnostics are enough to act on.
std::string describe(const std::vector<model::Diagnostic>& errors) {
  std::string out;
  for (std::size_t i = 0; i < errors.size() && i < 3; ++i) out += "\n  " + errors[i].to_string();
  return out;
}

// The fleet named by the result: fleet_file, else the scenario's inline fleet.
LoadedRun load_fleet(RunInput run, const std::optional<std::filesystem::path>& fleet_override) {
  const std::string fleet_file = run.result.value("fleet_file", "");
  const std::string scenario_file = run.result.value("scenario_file", "");
  const std::string intro = run.path + ": cannot read the fleet of this run: ";
  if (fleet_override || !fleet_file.empty()) {
    const auto path = fleet_override ? *fleet_override : std::filesystem::path(fleet_file);
    auto fleet = model::load_fleet_file(path);
    if (!fleet.ok()) return {std::nullopt, intro + path.string() + describe(fleet.errors)};
    run.fleet = std::move(*fleet.value);
    run.fleet_source = path.string();
    return {std::move(run), ""};
  }
  if (scenario_file.empty())
    return {std::nullopt, intro + "the result names neither fleet_file nor scenario_file "
                                  "(made by an older edgetwin?); pass --fleet FILE"};
  auto scenario = model::load_scenario_file(scenario_file);
  if (!scenario.ok()) return {std::nullopt, intro + scenario_file + describe(scenario.errors)};
  run.fleet = std::move(scenario.value->fleet);
  run.fleet_source = scenario_file;
  return {std::move(run), ""};
}

}  // namespace

std::string check_result(const Json& result) {
  if (!result.is_object()) return "not a JSON object";
  if (!result.contains("format") || result["format"] != kResultFormat)
    return "format is not \"" + std::string(kResultFormat) + "\" (not a run result?)";
  if (!result.contains("scenario") || !result["scenario"].is_string())
    return "/scenario is missing or not a string";
  if (!result.contains("passed") || !result["passed"].is_boolean())
    return "/passed is missing or not true/false";
  for (const char* key : {"scenario_file", "fleet_file", "edgetwin_version"})
    if (result.contains(key) && !result[key].is_string())
      return std::string("/") + key + " is not a string";
  for (const char* key : {"sim_time_s", "wall_s"})
    if (result.contains(key) && !result[key].is_number()) return std::string("/") + key + " is not a number";
  if (result.contains("seed") && !result["seed"].is_number_integer())
    return "/seed is not an integer";
  if (!result.contains("metrics") || !result["metrics"].is_object())
    return "/metrics is missing or not an object";
  if (!result.contains("assertions") || !result["assertions"].is_array())
    return "/assertions is missing or not an array";
  for (std::size_t i = 0; i < result["assertions"].size(); ++i) {
    auto error = check_assertion(result["assertions"][i], "/assertions/" + std::to_string(i));
    if (!error.empty()) return error;
  }
  return "";
}

LoadedRun load_run_input(const std::filesystem::path& path,
                         const std::optional<std::filesystem::path>& fleet_override) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, path.string() + ": cannot open the result file"};
  std::stringstream text;
  text << in.rdbuf();
  RunInput run;
  run.path = path.string();
  try {
    run.result = Json::parse(text.str());
  } catch (const Json::exception& e) {  // parse_error, and out_of_range for 1e999
    return {std::nullopt, path.string() + ": not valid JSON: " + e.what()};
  }
  if (auto error = check_result(run.result); !error.empty())
    return {std::nullopt, path.string() + ": " + error};
  return load_fleet(std::move(run), fleet_override);
}

}  // namespace edgetwin::reports
