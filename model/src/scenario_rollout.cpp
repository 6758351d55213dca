// The scenario's `rollout` (or each of its `rollouts`): limits that make sense, a system the
// fleet knows, overrides of apps that belong to it, a start within the run.
#include <algorithm>

#include "json_pointer.hpp"
#include "scenario_parse.hpp"

namespace edgetwin::model {
namespace {

void read_limits(Checker& checker, const Json& r, const std::string& p, RolloutSpec& out) {
  auto positive = [&](std::string_view key, int& field) {
    if (auto v = checker.int_field(r, p, key, Bound::kPositive, Need::kOptional)) field = *v;
  };
  if (auto v = checker.int_field(r, p, "canary_sites", Bound::kNonNegative, Need::kOptional))
    out.canary_sites = *v;
  positive("wave_sites", out.wave_sites);
  positive("max_parallel_downloads", out.max_parallel_downloads);
  positive("pause_if_failed_sites", out.pause_if_failed_sites);
  if (auto v = checker.number_field(r, p, "site_timeout_s", Bound::kPositive, Need::kOptional))
    out.site_timeout_s = *v;
  if (auto v = checker.number_field(r, p, "soak_s", Bound::kNonNegative, Need::kOptional))
    out.soak_s = *v;
  if (auto v = checker.enum_field(r, p, "on_failure", {"pause", "rollback"}, Need::kOptional))
    out.rollback_on_failure = *v == "rollback";
  // Rolling back is judged on the apps' health: without a soak nothing is ever switched back.
  if (out.rollback_on_failure && out.soak_s <= 0)
    checker.error(p + "/on_failure", "on_failure 'rollback' needs a soak_s above 0");
}

// How a new version misbehaves; every key is known, or the file is refused.
AppBehaviour read_behaviour(Checker& checker, const Json& b, const std::string& p) {
  AppBehaviour out;
  checker.check_keys(b, p,
                     {"crash_after_s", "unready", "probe_timeout", "cpu_use", "memory_use_mib"});
  out.crash_after_s =
      checker.number_field(b, p, "crash_after_s", Bound::kNonNegative, Need::kOptional);
  out.unready = checker.bool_field(b, p, "unready", Need::kOptional).value_or(false);
  out.probe_timeout = checker.bool_field(b, p, "probe_timeout", Need::kOptional).value_or(false);
  out.cpu_use = checker.number_field(b, p, "cpu_use", Bound::kNonNegative, Need::kOptional);
  out.memory_use_mib =
      checker.number_field(b, p, "memory_use_mib", Bound::kNonNegative, Need::kOptional);
  return out;
}

// The system's apps as the rollout deploys them: the fleet's, with `apps` overrides applied.
void read_apps(Checker& checker, const Json& r, const std::string& rp, const Fleet& fleet,
               RolloutSpec& out) {
  const auto system = fleet.systems.find(out.system);
  if (system == fleet.systems.end()) {
    checker.error(rp + "/system", "system '" + out.system + "' is not in the fleet's systems");
    return;
  }
  for (const auto& name : system->second) {
    const App& app = fleet.apps.at(name);
    out.apps.push_back({name, app.version, app.image_mib, std::nullopt});
  }
  const Json* overrides = checker.object_field(r, rp, "apps", Need::kOptional);
  if (overrides == nullptr) return;
  for (const auto& [name, fields] : overrides->items()) {
    const std::string p = child_pointer(rp + "/apps", name);
    // An init-capture: clang 14 (the fuzz build) cannot capture a structured binding.
    auto it = std::find_if(out.apps.begin(), out.apps.end(),
                           [&, &key = name](const RolloutApp& a) { return a.name == key; });
    if (it == out.apps.end()) {
      checker.error(p, "app '" + name + "' is not in system '" + out.system + "'");
      continue;
    }
    if (!checker.expect_object(fields, p)) continue;
    checker.check_keys(fields, p, {"version", "image_mib", "behaviour"});
    if (auto v = checker.string_field(fields, p, "version", Need::kOptional)) it->version = *v;
    if (auto v = checker.number_field(fields, p, "image_mib", Bound::kNonNegative, Need::kOptional))
      it->image_mib = *v;
    const Json* behaviour = checker.object_field(fields, p, "behaviour", Need::kOptional);
    if (behaviour == nullptr) continue;
    // The fleet's own version runs from t=0 everywhere: a flaw belongs to a new release.
    if (it->version == fleet.apps.at(name).version) {
      checker.error(p + "/behaviour",
                    "a behaviour needs a version other than the fleet's " + it->version);
      continue;
    }
    it->behaviour = read_behaviour(checker, *behaviour, p + "/behaviour");
  }
}

// One rollout object at `p` ("/rollout" or "/rollouts/N").
std::optional<RolloutSpec> read_one_rollout(ScenarioContext& context, const Json& r,
                                            const std::string& p) {
  Checker& checker = context.checker;
  if (!checker.expect_object(r, p)) return std::nullopt;
  checker.check_keys(r, p,
                     {"system", "at_s", "canary_sites", "wave_sites", "max_parallel_downloads",
                      "pause_if_failed_sites", "site_timeout_s", "soak_s", "on_failure", "apps"});
  RolloutSpec out;
  out.pointer = p;
  out.system = checker.string_field(r, p, "system", Need::kRequired).value_or("");
  out.at_s = checker.number_field(r, p, "at_s", Bound::kNonNegative, Need::kOptional).value_or(0);
  if (out.at_s > context.duration_s)
    checker.error(p + "/at_s", "at_s " + format_number(out.at_s) +
                                   " is beyond the scenario's duration_s " +
                                   format_number(context.duration_s));
  read_limits(checker, r, p, out);
  if (context.fleet != nullptr && !out.system.empty())
    read_apps(checker, r, p, *context.fleet, out);
  return out;
}

}  // namespace

// `rollout` (one) or `rollouts` (a list, each started when the one before has ended, at its own
// at_s, in the order written): never both, and the list in the order of its starts.
std::vector<RolloutSpec> read_rollouts(ScenarioContext& context, const Json& doc) {
  Checker& checker = context.checker;
  std::vector<RolloutSpec> out;
  if (doc.contains("rollout") && doc.contains("rollouts")) {
    checker.error("/rollouts", "give either 'rollout' or 'rollouts', not both");
    return out;
  }
  if (doc.contains("rollout")) {
    // A `rollout` that is not an object was said by the header's reader.
    if (!doc["rollout"].is_object()) return out;
    if (auto one = read_one_rollout(context, doc["rollout"], "/rollout")) out.push_back(*one);
    return out;
  }
  const Json* list = checker.array_field(doc, "", "rollouts", Need::kOptional);
  if (list == nullptr) return out;
  if (list->empty()) checker.error("/rollouts", "expected at least one rollout");
  if (list->size() > kRolloutsMax)
    checker.error("/rollouts", "at most " + std::to_string(kRolloutsMax) + " rollouts, got " +
                                   std::to_string(list->size()));
  for (std::size_t i = 0; i < list->size() && i < kRolloutsMax; ++i) {
    const std::string p = child_pointer("/rollouts", i);
    auto one = read_one_rollout(context, (*list)[i], p);
    if (!one) continue;
    // A later rollout starts after the one before it ends: it cannot start earlier.
    if (!out.empty() && one->at_s <= out.back().at_s)
      checker.error(p + "/at_s", "at_s " + format_number(one->at_s) +
                                     " must be after the previous rollout's at_s " +
                                     format_number(out.back().at_s));
    out.push_back(std::move(*one));
  }
  return out;
}

}  // namespace edgetwin::model
