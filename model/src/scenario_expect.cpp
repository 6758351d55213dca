// The assertions of a scenario: known metrics, sites and apps that exist, bounds to check.
#include <algorithm>

#include "json_pointer.hpp"
#include "scenario_parse.hpp"

namespace edgetwin::model {
namespace {

void check_metric(Checker& checker, const std::string& metric, const std::string& pointer) {
  const auto& metrics = known_metrics();
  if (std::find(metrics.begin(), metrics.end(), metric) != metrics.end()) return;
  checker.error(pointer, "unknown metric '" + metric + "' (known: " + joined_names(metrics) + ")");
}

void check_scope(ScenarioContext& context, const Expectation& out, const std::string& pointer) {
  if (context.fleet == nullptr) return;
  if (out.site && context.fleet->find_site(*out.site) == nullptr) {
    context.checker.error(pointer + "/site", "site '" + *out.site + "' is not in the fleet");
  }
  if (out.app && context.fleet->apps.count(*out.app) == 0) {
    context.checker.error(pointer + "/app", "app '" + *out.app + "' is not in the fleet");
  }
}

void read_expectation(ScenarioContext& context, const Json& item, const std::string& pointer,
                      Expectation& out) {
  Checker& checker = context.checker;
  checker.check_keys(item, pointer, {"metric", "site", "app", "min", "max", "equals", "at_s"});
  const auto metric = checker.string_field(item, pointer, "metric", Need::kRequired);
  if (metric) check_metric(checker, *metric, pointer + "/metric");
  out.metric = metric.value_or("");
  out.site = checker.string_field(item, pointer, "site", Need::kOptional);
  out.app = checker.string_field(item, pointer, "app", Need::kOptional);
  check_scope(context, out, pointer);
  out.min = checker.number_field(item, pointer, "min", Bound::kAny, Need::kOptional);
  out.max = checker.number_field(item, pointer, "max", Bound::kAny, Need::kOptional);
  out.equals = checker.number_field(item, pointer, "equals", Bound::kAny, Need::kOptional);
  if (!item.contains("min") && !item.contains("max") && !item.contains("equals")) {
    checker.error(pointer, "an expectation needs 'min', 'max' or 'equals'");
  }
  out.at_s = checker.number_field(item, pointer, "at_s", Bound::kNonNegative, Need::kOptional);
  if (out.at_s && *out.at_s > context.duration_s) {
    checker.error(pointer + "/at_s", "at_s " + format_number(*out.at_s) +
                                         " is beyond the scenario's duration_s " +
                                         format_number(context.duration_s));
  }
}

}  // namespace

void read_expectations(ScenarioContext& context, const Json& doc,
                       const nlohmann::ordered_json& ordered_doc,
                       std::vector<Expectation>& expectations) {
  const Json* list = context.checker.array_field(doc, "", "expect", Need::kOptional);
  if (list == nullptr) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string pointer = child_pointer("/expect", i);
    if (!context.checker.expect_object((*list)[i], pointer)) continue;
    Expectation out;
    out.pointer = pointer;
    // The raw entry keeps the user's key order: it is echoed into the result file.
    out.raw = ordered_doc.at("expect").at(i);
    read_expectation(context, (*list)[i], pointer, out);
    expectations.push_back(std::move(out));
  }
}

}  // namespace edgetwin::model
