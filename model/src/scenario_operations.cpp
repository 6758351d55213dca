// The scenario's app operations (`operations`) and the permissions granted for them
// (`grants`): what an operator does from the cloud console during the run. Each operation is
// checked against the cluster's permissions when it runs, so a denied one is an outcome of the
// run, not a file error; what the file itself gets wrong (unknown op, app or site, a missing
// version) is an error here.
#include <algorithm>

#include "json_pointer.hpp"
#include "scenario_parse.hpp"
#include "scenario_box_operations.hpp"
#include "scenario_rollout_operations.hpp"

namespace edgetwin::model {
namespace {

// "all", one site name, or an array of them; every name must be a site of the fleet.
std::vector<std::string> read_sites(ScenarioContext& context, const Json& object,
                                    const std::string& pointer) {
  std::vector<std::string> out;
  const Json* sites = context.checker.field(object, pointer, "sites", Need::kRequired);
  if (sites == nullptr) return out;
  const std::string p = pointer + "/sites";
  auto one = [&](const Json& value, const std::string& at) {
    const auto name = context.checker.string_value(value, at);
    if (!name || context.fleet == nullptr) return;
    if (*name == "all") {
      for (const auto& site : context.fleet->sites) out.push_back(site.name);
    } else if (context.fleet->find_site(*name) == nullptr) {
      context.checker.error(at, "site '" + *name + "' is not in the fleet");
    } else {
      out.push_back(*name);
    }
  };
  if (sites->is_array()) {
    for (std::size_t i = 0; i < sites->size(); ++i) one((*sites)[i], child_pointer(p, i));
  } else {
    one(*sites, p);
  }
  return out;
}

void read_strategy(Checker& checker, const Json& o, const std::string& pointer, OperationSpec& op) {
  if (auto v = checker.int_field(o, pointer, "max_unavailable", Bound::kNonNegative, Need::kOptional))
    op.max_unavailable = *v;
  if (auto v = checker.int_field(o, pointer, "max_surge", Bound::kNonNegative, Need::kOptional))
    op.max_surge = *v;
  if (op.max_unavailable == 0 && op.max_surge == 0)
    checker.error(pointer, "max_unavailable and max_surge cannot both be 0: nothing could move");
}

std::optional<OperationSpec> read_operation(ScenarioContext& context, const Json& o,
                                            const std::string& pointer) {
  Checker& checker = context.checker;
  if (!checker.expect_object(o, pointer)) return std::nullopt;
  checker.check_keys(o, pointer, {"at_s", "actor", "sites", "op", "app", "version", "replicas",
                                  "max_unavailable", "max_surge"});
  OperationSpec op;
  op.pointer = pointer;
  op.at_s = checker.number_field(o, pointer, "at_s", Bound::kNonNegative, Need::kRequired).value_or(0);
  if (op.at_s > context.duration_s)
    checker.error(pointer + "/at_s", "at_s is beyond the scenario's duration_s");
  op.actor = checker.string_field(o, pointer, "actor", Need::kOptional).value_or("admin");
  op.sites = read_sites(context, o, pointer);
  op.op = checker.enum_field(o, pointer, "op",
                             {"deploy", "upgrade", "rollback", "delete", "scale", "request", "approve"},
                             Need::kRequired).value_or("");
  op.app = checker.string_field(o, pointer, "app", Need::kRequired).value_or("");
  if (context.fleet != nullptr && !op.app.empty() && !context.fleet->apps.contains(op.app))
    checker.error(pointer + "/app", "app '" + op.app + "' is not in the fleet");
  else if (context.fleet != nullptr && (op.op == "request" || op.op == "approve") &&
           !op.app.empty() && !context.fleet->apps.at(op.app).approval)
    checker.error(pointer + "/app", "app '" + op.app + "' needs no approval (its 'approval' is not true)");
  const Need version = op.op == "upgrade" ? Need::kRequired : Need::kOptional;
  op.version = checker.string_field(o, pointer, "version", version).value_or("");
  if (op.op != "deploy" && op.op != "upgrade" && o.contains("version"))
    checker.error(pointer + "/version", "'version' applies to deploy and upgrade only");
  const Need replicas = op.op == "scale" ? Need::kRequired : Need::kOptional;
  op.replicas = checker.int_field(o, pointer, "replicas", Bound::kNonNegative, replicas);
  read_strategy(checker, o, pointer, op);
  return op;
}

}  // namespace

std::vector<OperationSpec> read_operations(ScenarioContext& context, const Json& doc) {
  std::vector<OperationSpec> out;
  const Json* list = context.checker.array_field(doc, "", "operations", Need::kOptional);
  if (list == nullptr) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string pointer = child_pointer("/operations", i);
    // rollout.pause / resume / abort / retry_failed: scenario_rollout_operations.hpp.
    // replace-box: scenario_box_operations.hpp.
    auto op = is_rollout_operation((*list)[i])
                  ? read_rollout_operation(context, (*list)[i], pointer,
                                           doc.contains("rollout") || doc.contains("rollouts"))
              : is_box_operation((*list)[i]) ? read_box_operation(context, (*list)[i], pointer)
                                             : read_operation(context, (*list)[i], pointer);
    if (op) out.push_back(std::move(*op));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.at_s < b.at_s; });
  return out;
}

std::vector<GrantSpec> read_grants(ScenarioContext& context, const Json& doc) {
  std::vector<GrantSpec> out;
  Checker& checker = context.checker;
  const Json* list = checker.array_field(doc, "", "grants", Need::kOptional);
  if (list == nullptr) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string p = child_pointer("/grants", i);
    const Json& g = (*list)[i];
    if (!checker.expect_object(g, p)) continue;
    checker.check_keys(g, p, {"account", "sites", "permissions"});
    GrantSpec grant;
    grant.account = checker.string_field(g, p, "account", Need::kRequired).value_or("");
    grant.sites = read_sites(context, g, p);
    const Json* permissions = checker.array_field(g, p, "permissions", Need::kRequired);
    for (std::size_t k = 0; permissions != nullptr && k < permissions->size(); ++k) {
      const std::string at = child_pointer(p + "/permissions", k);
      const auto name = checker.string_value((*permissions)[k], at);
      if (name && *name != "deploy" && *name != "om")
        checker.error(at, "expected a permission: 'deploy' or 'om'");
      else if (name)
        grant.permissions.push_back(*name);
    }
    out.push_back(std::move(grant));
  }
  return out;
}

}  // namespace edgetwin::model
