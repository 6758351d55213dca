#include "scenario_rollout_operations.hpp"

namespace edgetwin::model {

bool is_rollout_operation(const Json& item) {
  if (!item.is_object()) return false;
  const auto op = item.find("op");
  return op != item.end() && op->is_string() && op->get<std::string>().starts_with("rollout.");
}

std::optional<OperationSpec> read_rollout_operation(ScenarioContext& context, const Json& o,
                                                    const std::string& pointer, bool has_rollout) {
  Checker& checker = context.checker;
  checker.check_keys(o, pointer, {"at_s", "actor", "op"});
  OperationSpec op;
  op.pointer = pointer;
  op.at_s =
      checker.number_field(o, pointer, "at_s", Bound::kNonNegative, Need::kRequired).value_or(0);
  if (op.at_s > context.duration_s)
    checker.error(pointer + "/at_s", "at_s " + format_number(op.at_s) +
                                         " is beyond the scenario's duration_s " +
                                         format_number(context.duration_s));
  op.actor = checker.string_field(o, pointer, "actor", Need::kOptional).value_or("admin");
  op.op =
      checker
          .enum_field(o, pointer, "op",
                      {"rollout.pause", "rollout.resume", "rollout.abort", "rollout.retry_failed"},
                      Need::kRequired)
          .value_or("");
  if (!has_rollout)
    checker.error(pointer + "/op", "'" + op.op + "' needs the scenario's 'rollout' or 'rollouts'");
  return op;
}

}  // namespace edgetwin::model
