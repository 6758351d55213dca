#include "edgetwin/model/fleet_io.hpp"

#include "edgetwin/model/json_locator.hpp"
#include "fleet_parse.hpp"
#include "json_text.hpp"

namespace edgetwin::model {
namespace {

constexpr std::string_view kFleetFormat = "edgetwin.fleet/v1";

bool check_format(Checker& checker, const Json& doc) {
  const auto format = checker.string_field(doc, "", "format", Need::kRequired);
  if (!format) return false;
  if (*format != kFleetFormat) {
    checker.error("/format", "unsupported format '" + *format + "' (expected '" +
                                 std::string(kFleetFormat) + "')");
    return false;
  }
  return true;
}

}  // namespace

Parsed<Fleet> parse_fleet_value(const nlohmann::json& doc, const std::string& file,
                                const JsonLocator& locator, const std::string& pointer_prefix) {
  Checker checker(file, locator, pointer_prefix);
  Parsed<Fleet> result;
  if (!checker.expect_object(doc, "")) {
    result.errors = checker.take_errors();
    return result;
  }
  // A file of another format would produce nothing but noise below.
  if (!check_format(checker, doc)) {
    result.errors = checker.take_errors();
    return result;
  }
  checker.check_keys(doc, "",
                     {"format", "name", "description", "hardware", "apps", "systems", "cloud", "ha",
                      "monitoring", "site_defaults", "sites", "generate"});
  Fleet fleet;
  fleet.name = checker.string_field(doc, "", "name", Need::kOptional).value_or("");
  read_hardware(checker, doc, fleet);
  read_apps(checker, doc, fleet);
  read_systems(checker, doc, fleet);
  read_cloud(checker, doc, fleet);
  read_ha(checker, doc, fleet);
  read_monitoring(checker, doc, fleet);
  read_sites(checker, doc, fleet);
  result.errors = checker.take_errors();
  sort_diagnostics(result.errors, file);
  if (result.errors.empty()) result.value = std::move(fleet);
  return result;
}

Parsed<Fleet> parse_fleet(std::string_view text, const std::string& file) {
  auto json = parse_json_text(text, file);
  if (!json.value) return {std::nullopt, std::move(json.errors)};
  const JsonLocator locator(text);
  auto result = parse_fleet_value(*json.value, file, locator, "");
  if (result.value) result.value->source_path = file;
  return result;
}

Parsed<Fleet> load_fleet_file(const std::filesystem::path& path) {
  auto text = read_text_file(path.string());
  if (!text.value) return {std::nullopt, std::move(text.errors)};
  return parse_fleet(*text.value, path.string());
}

}  // namespace edgetwin::model
