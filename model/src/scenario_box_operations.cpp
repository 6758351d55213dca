#include "scenario_box_operations.hpp"

namespace edgetwin::model {

bool is_box_operation(const Json& item) {
  if (!item.is_object()) return false;
  const auto op = item.find("op");
  return op != item.end() && op->is_string() && op->get<std::string>() == "replace-box";
}

namespace {

// "site/box" naming a box of the fleet; sets op.sites = {site} and op.box.
void read_target(ScenarioContext& context, const Json& o, const std::string& pointer,
                 OperationSpec& op) {
  Checker& checker = context.checker;
  const auto target = checker.string_field(o, pointer, "target", Need::kRequired);
  if (!target || context.fleet == nullptr) return;
  const std::string at = pointer + "/target";
  const auto slash = target->find('/');
  if (slash == std::string::npos || target->find('/', slash + 1) != std::string::npos) {
    checker.error(at, "target '" + *target + "' is not a box (expected 'site/box')");
    return;
  }
  const Site* site = context.fleet->find_site(target->substr(0, slash));
  if (site == nullptr) {
    checker.error(at, "target '" + *target + "' matches no site in the fleet");
    return;
  }
  const std::string box = target->substr(slash + 1);
  for (const auto& b : site->boxes) {
    if (b.name != box) continue;
    op.sites = {site->name};
    op.box = box;
    return;
  }
  checker.error(at, "target '" + *target + "' matches no box of site '" + site->name + "'");
}

}  // namespace

std::optional<OperationSpec> read_box_operation(ScenarioContext& context, const Json& o,
                                                const std::string& pointer) {
  Checker& checker = context.checker;
  checker.check_keys(o, pointer, {"at_s", "actor", "op", "target", "swap_s"});
  OperationSpec op;
  op.pointer = pointer;
  op.op = "replace-box";
  op.at_s =
      checker.number_field(o, pointer, "at_s", Bound::kNonNegative, Need::kRequired).value_or(0);
  op.actor = checker.string_field(o, pointer, "actor", Need::kOptional).value_or("admin");
  op.swap_s = checker.number_field(o, pointer, "swap_s", Bound::kNonNegative, Need::kOptional)
                  .value_or(op.swap_s);
  if (op.at_s + op.swap_s >= context.duration_s)
    checker.error(pointer + "/at_s", "the new box would power on at " +
                                         format_number(op.at_s + op.swap_s) +
                                         " s, not before the scenario's duration_s " +
                                         format_number(context.duration_s));
  read_target(context, o, pointer, op);
  return op;
}

}  // namespace edgetwin::model
