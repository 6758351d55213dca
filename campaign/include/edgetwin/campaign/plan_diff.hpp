#pragma once
// What differs between plans (scenario files, their fleets inlined), as JSON pointers: the
// studio's Compare view lists these rows so an architect sees that plan B is plan A with
// `/rollout/wave_sites` 200 instead of 50, and nothing else.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace edgetwin::campaign {

using Json = nlohmann::ordered_json;

// One place where the plans do not all agree: its RFC 6901 pointer and each plan's value there
// (nullopt: the plan has nothing at that pointer).
struct PlanDiffRow {
  std::string pointer;
  std::vector<std::optional<Json>> values;  // one per plan, in the order given
};

// Walks the plans side by side. Objects present in every plan are compared key by key (keys in
// the order they first appear), arrays present in every plan index by index; anywhere else
// (scalars, differing types, a value missing from some plan) the values are compared whole and
// one row is given when they differ, so a subtree only one plan has is one row, not one per leaf.
// Rows come in document order. Fewer than two plans: no rows.
std::vector<PlanDiffRow> diff_plans(const std::vector<Json>& plans);

// "a/b~c" -> "a~1b~0c": a key as one pointer token.
std::string pointer_token(const std::string& key);

// A plan as the diff sees it: the scenario file parsed, its `fleet` (a path relative to the
// scenario) replaced by the fleet file's content, so fleet and scenario changes show alike.
// nullopt and `error` ("file: what went wrong") when a file cannot be read or is not JSON.
std::optional<Json> load_plan_document(const std::string& scenario_path, std::string& error);

}  // namespace edgetwin::campaign
