// A scenario's `install` schedule (docs/activation.md, "A first deployment at fleet scale"):
// the rate at which installers put a factory fleet's sites in, from when, in which order.
#include "scenario_parse.hpp"

namespace edgetwin::model {

std::optional<InstallSchedule> read_install(ScenarioContext& context, const Json& doc,
                                            const std::string& start) {
  Checker& checker = context.checker;
  const Json* install = checker.object_field(doc, "", "install", Need::kOptional);
  if (install == nullptr) return std::nullopt;
  const std::string p = "/install";
  const std::size_t errors_before = checker.error_count();
  checker.check_keys(*install, p, {"sites_per_day", "from_s", "order"});
  if (start != "factory")
    checker.error(p, "an install schedule needs \"start\": \"factory\" (boxes of a running "
                     "fleet were installed before the run)");
  InstallSchedule out;
  out.sites_per_day =
      checker.number_field(*install, p, "sites_per_day", Bound::kPositive, Need::kRequired)
          .value_or(0);
  out.from_s = checker.number_field(*install, p, "from_s", Bound::kNonNegative, Need::kOptional)
                   .value_or(0);
  if (out.from_s >= context.duration_s)
    checker.error(p + "/from_s", "from_s must be before the scenario's duration_s (" +
                                     format_number(context.duration_s) + ")");
  out.order = checker.enum_field(*install, p, "order", {"fleet", "random"}, Need::kOptional)
                  .value_or(out.order);
  if (checker.error_count() != errors_before) return std::nullopt;
  return out;
}

}  // namespace edgetwin::model
