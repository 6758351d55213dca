#include "edgetwin/campaign/plan_diff.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace edgetwin::campaign {
namespace {

// Deeper than any real plan; a hostile file cannot recurse the studio off its stack.
constexpr int kDepthMax = 64;

bool all_of_type(const std::vector<const Json*>& values, bool (Json::*is)() const) {
  return std::all_of(values.begin(), values.end(),
                     [&](const Json* v) { return v != nullptr && (v->*is)(); });
}

void diff_at(const std::vector<const Json*>& values, const std::string& pointer, int depth,
             std::vector<PlanDiffRow>& rows);

void diff_objects(const std::vector<const Json*>& values, const std::string& pointer, int depth,
                  std::vector<PlanDiffRow>& rows) {
  std::vector<std::string> keys;  // first-appearance order: the file's own order
  for (const Json* v : values)
    for (const auto& [key, unused] : v->items())
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  for (const auto& key : keys) {
    std::vector<const Json*> children;
    for (const Json* v : values) {
      const auto it = v->find(key);
      children.push_back(it == v->end() ? nullptr : &*it);
    }
    diff_at(children, pointer + "/" + pointer_token(key), depth + 1, rows);
  }
}

void diff_arrays(const std::vector<const Json*>& values, const std::string& pointer, int depth,
                 std::vector<PlanDiffRow>& rows) {
  std::size_t size = 0;
  for (const Json* v : values) size = std::max(size, v->size());
  for (std::size_t i = 0; i < size; ++i) {
    std::vector<const Json*> children;
    for (const Json* v : values) children.push_back(i < v->size() ? &(*v)[i] : nullptr);
    diff_at(children, pointer + "/" + std::to_string(i), depth + 1, rows);
  }
}

bool all_equal(const std::vector<const Json*>& values) {
  for (const Json* v : values) {
    if ((v == nullptr) != (values.front() == nullptr)) return false;
    if (v != nullptr && *v != *values.front()) return false;
  }
  return true;
}

void diff_at(const std::vector<const Json*>& values, const std::string& pointer, int depth,
             std::vector<PlanDiffRow>& rows) {
  if (all_equal(values)) return;
  if (depth < kDepthMax && all_of_type(values, &Json::is_object))
    return diff_objects(values, pointer, depth, rows);
  if (depth < kDepthMax && all_of_type(values, &Json::is_array))
    return diff_arrays(values, pointer, depth, rows);
  PlanDiffRow row{pointer, {}};
  for (const Json* v : values) row.values.push_back(v ? std::optional<Json>(*v) : std::nullopt);
  rows.push_back(std::move(row));
}

std::optional<Json> read_json(const std::filesystem::path& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path.string() + ": cannot be read";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  Json parsed = Json::parse(text.str(), nullptr, false);
  if (parsed.is_discarded()) {
    error = path.string() + ": is not JSON (edgetwin validate tells where)";
    return std::nullopt;
  }
  return parsed;
}

}  // namespace

std::string pointer_token(const std::string& key) {
  return (Json::json_pointer{} / key).to_string().substr(1);  // the library escapes ~ and /
}

std::vector<PlanDiffRow> diff_plans(const std::vector<Json>& plans) {
  std::vector<PlanDiffRow> rows;
  if (plans.size() < 2) return rows;
  std::vector<const Json*> values;
  for (const auto& p : plans) values.push_back(&p);
  diff_at(values, "", 0, rows);
  return rows;
}

std::optional<Json> load_plan_document(const std::string& scenario_path, std::string& error) {
  auto scenario = read_json(scenario_path, error);
  if (!scenario) return std::nullopt;
  if (scenario->is_object() && scenario->contains("fleet") && (*scenario)["fleet"].is_string()) {
    const std::filesystem::path fleet_path = std::filesystem::path(scenario_path).parent_path() /
                                             (*scenario)["fleet"].get<std::string>();
    auto fleet = read_json(fleet_path, error);
    if (!fleet) return std::nullopt;
    (*scenario)["fleet"] = std::move(*fleet);
  }
  return scenario;
}

}  // namespace edgetwin::campaign
