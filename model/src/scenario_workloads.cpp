// The client workloads of a scenario. `writes` (FORMATS.md): clients at each named site send
// writes (and some reads) to the site's service VIP for one data app, Jepsen style.
#include <algorithm>

#include "json_pointer.hpp"
#include "scenario_parse.hpp"

namespace edgetwin::model {
namespace {

void check_app(ScenarioContext& context, const std::string& app, const std::string& pointer) {
  if (context.fleet == nullptr) return;
  auto it = context.fleet->apps.find(app);
  if (it == context.fleet->apps.end()) {
    context.checker.error(pointer, "app '" + app + "' is not in the fleet");
  } else if (it->second.data.empty()) {
    context.checker.error(pointer, "app '" + app +
                                       "' has no 'data' (mysql-ha, redis-ha or nas): a writes "
                                       "workload needs a data service");
  }
}

void check_sites(ScenarioContext& context, const Json& workload, const std::string& pointer) {
  const Json* sites = context.checker.field(workload, pointer, "sites", Need::kOptional);
  if (sites == nullptr || context.fleet == nullptr) return;
  const std::string p = pointer + "/sites";
  auto check_one = [&](const Json& name, const std::string& at) {
    const auto s = context.checker.string_value(name, at);
    if (s && *s != "all" && context.fleet->find_site(*s) == nullptr)
      context.checker.error(at, "site '" + *s + "' is not in the fleet");
  };
  if (sites->is_array()) {
    for (std::size_t i = 0; i < sites->size(); ++i) check_one((*sites)[i], child_pointer(p, i));
  } else {
    check_one(*sites, p);
  }
}

void read_workload(ScenarioContext& context, const Json& workload, const std::string& pointer) {
  Checker& checker = context.checker;
  if (!checker.expect_object(workload, pointer)) return;
  checker.check_keys(workload, pointer,
                     {"kind", "app", "sites", "rate_per_s", "read_fraction", "timeout_ms",
                      "from_s", "until_s"});
  checker.enum_field(workload, pointer, "kind", {"writes"}, Need::kRequired);
  if (auto app = checker.string_field(workload, pointer, "app", Need::kRequired))
    check_app(context, *app, pointer + "/app");
  check_sites(context, workload, pointer);
  checker.number_field(workload, pointer, "rate_per_s", Bound::kPositive, Need::kRequired);
  if (auto f = checker.number_field(workload, pointer, "read_fraction", Bound::kNonNegative,
                                    Need::kOptional);
      f && *f >= 1)
    checker.error(pointer + "/read_fraction", "read_fraction must be below 1");
  checker.int_field(workload, pointer, "timeout_ms", Bound::kPositive, Need::kOptional);
  const auto from = checker.number_field(workload, pointer, "from_s", Bound::kNonNegative, Need::kOptional);
  const auto until = checker.number_field(workload, pointer, "until_s", Bound::kPositive, Need::kOptional);
  if (until && *until > context.duration_s)
    checker.error(pointer + "/until_s", "until_s is beyond the scenario's duration_s");
  if (from && until && *from >= *until)
    checker.error(pointer + "/until_s", "until_s must be after from_s");
}

}  // namespace

void read_workloads(ScenarioContext& context, const Json& doc) {
  const Json* list = context.checker.array_field(doc, "", "workloads", Need::kOptional);
  if (list == nullptr) return;
  for (std::size_t i = 0; i < list->size(); ++i)
    read_workload(context, (*list)[i], child_pointer("/workloads", i));
}

}  // namespace edgetwin::model
