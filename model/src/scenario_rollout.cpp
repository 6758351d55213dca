// The scenario's `rollout`: limits that make sense, a system the fleet knows, overrides of
// apps that belong to it, a start within the run.
#include <algorithm>

#include "json_pointer.hpp"
#include "scenario_parse.hpp"

namespace edgetwin::model {
namespace {

void read_limits(Checker& checker, const Json& r, RolloutSpec& out) {
  auto positive = [&](std::string_view key, int& field) {
    if (auto v = checker.int_field(r, "/rollout", key, Bound::kPositive, Need::kOptional)) field = *v;
  };
  if (auto v = checker.int_field(r, "/rollout", "canary_sites", Bound::kNonNegative, Need::kOptional))
    out.canary_sites = *v;
  positive("wave_sites", out.wave_sites);
  positive("max_parallel_downloads", out.max_parallel_downloads);
  positive("pause_if_failed_sites", out.pause_if_failed_sites);
  if (auto v = checker.number_field(r, "/rollout", "site_timeout_s", Bound::kPositive, Need::kOptional))
    out.site_timeout_s = *v;
  if (auto v = checker.number_field(r, "/rollout", "soak_s", Bound::kNonNegative, Need::kOptional))
    out.soak_s = *v;
  if (auto v =
          checker.enum_field(r, "/rollout", "on_failure", {"pause", "rollback"}, Need::kOptional))
    out.rollback_on_failure = *v == "rollback";
  // Rolling back is judged on the apps' health: without a soak nothing is ever switched back.
  if (out.rollback_on_failure && out.soak_s <= 0)
    checker.error("/rollout/on_failure", "on_failure 'rollback' needs a soak_s above 0");
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
void read_apps(Checker& checker, const Json& r, const Fleet& fleet, RolloutSpec& out) {
  const auto system = fleet.systems.find(out.system);
  if (system == fleet.systems.end()) {
    checker.error("/rollout/system", "system '" + out.system + "' is not in the fleet's systems");
    return;
  }
  for (const auto& name : system->second) {
    const App& app = fleet.apps.at(name);
    out.apps.push_back({name, app.version, app.image_mib, std::nullopt});
  }
  const Json* overrides = checker.object_field(r, "/rollout", "apps", Need::kOptional);
  if (overrides == nullptr) return;
  for (const auto& [name, fields] : overrides->items()) {
    const std::string p = child_pointer("/rollout/apps", name);
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

}  // namespace

std::optional<RolloutSpec> read_rollout(ScenarioContext& context, const Json& doc) {
  Checker& checker = context.checker;
  const Json* r = checker.object_field(doc, "", "rollout", Need::kOptional);
  if (r == nullptr) return std::nullopt;
  checker.check_keys(*r, "/rollout",
                     {"system", "at_s", "canary_sites", "wave_sites", "max_parallel_downloads",
                      "pause_if_failed_sites", "site_timeout_s", "soak_s", "on_failure", "apps"});
  RolloutSpec out;
  out.system = checker.string_field(*r, "/rollout", "system", Need::kRequired).value_or("");
  out.at_s = checker.number_field(*r, "/rollout", "at_s", Bound::kNonNegative, Need::kOptional)
                 .value_or(0);
  if (out.at_s > context.duration_s)
    checker.error("/rollout/at_s", "at_s " + format_number(out.at_s) +
                                       " is beyond the scenario's duration_s " +
                                       format_number(context.duration_s));
  read_limits(checker, *r, out);
  if (context.fleet != nullptr && !out.system.empty()) read_apps(checker, *r, *context.fleet, out);
  return out;
}

}  // namespace edgetwin::model
