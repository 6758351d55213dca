// The assertions of a scenario: known metrics, sites and apps that exist, bounds to check.
// An expectation about something the run does not have is a file error, never a pass: an app
// no site deploys (its system or a `deploy` operation), a site/app pair where the site does not
// deploy the app, a per-app reading of a metric that has none.
#include <algorithm>
#include <set>

#include "json_pointer.hpp"
#include "scenario_parse.hpp"

namespace edgetwin::model {
namespace {

void check_metric(Checker& checker, const std::string& metric, const std::string& pointer) {
  const auto& metrics = known_metrics();
  if (std::find(metrics.begin(), metrics.end(), metric) != metrics.end()) return;
  checker.error(pointer, "unknown metric '" + metric + "' (known: " + joined_names(metrics) + ")");
}

// The metrics with a value per app (and per site and app): `app` on any other is an error.
bool has_per_app_values(const std::string& metric) { return metric == "unavailable_s"; }

// The apps a site deploys during the run: its system's, and those a `deploy` operation names.
std::set<std::string> apps_deployed_at(const Fleet& fleet, const std::string& site,
                                       const std::vector<OperationSpec>& operations) {
  std::set<std::string> out;
  const Site* s = fleet.find_site(site);
  const auto system = s == nullptr ? fleet.systems.end() : fleet.systems.find(s->system);
  if (system != fleet.systems.end()) out.insert(system->second.begin(), system->second.end());
  for (const auto& op : operations)
    if (op.op == "deploy" && std::find(op.sites.begin(), op.sites.end(), site) != op.sites.end())
      out.insert(op.app);
  return out;
}

void check_app(ScenarioContext& context, const Expectation& out,
               const std::vector<OperationSpec>& operations, const std::string& pointer) {
  const Fleet& fleet = *context.fleet;
  if (!has_per_app_values(out.metric)) {
    context.checker.error(pointer + "/app", "metric '" + out.metric +
                                                "' has no value per app (only unavailable_s has)");
    return;
  }
  if (fleet.apps.count(*out.app) == 0) {
    context.checker.error(pointer + "/app", "app '" + *out.app + "' is not in the fleet");
    return;
  }
  if (out.site) {
    if (fleet.find_site(*out.site) != nullptr &&
        !apps_deployed_at(fleet, *out.site, operations).contains(*out.app))
      context.checker.error(pointer + "/app", "app '" + *out.app + "' is not deployed at site '" +
                                                  *out.site +
                                                  "' (neither in its system nor by a deploy operation)");
    return;
  }
  for (const auto& site : fleet.sites)
    if (apps_deployed_at(fleet, site.name, operations).contains(*out.app)) return;
  context.checker.error(pointer + "/app", "app '" + *out.app +
                                              "' is deployed at no site (neither in a site's "
                                              "system nor by a deploy operation)");
}

void check_scope(ScenarioContext& context, const Expectation& out,
                 const std::vector<OperationSpec>& operations, const std::string& pointer) {
  if (context.fleet == nullptr) return;
  if (out.site && context.fleet->find_site(*out.site) == nullptr) {
    context.checker.error(pointer + "/site", "site '" + *out.site + "' is not in the fleet");
  }
  if (out.app) check_app(context, out, operations, pointer);
}

void read_expectation(ScenarioContext& context, const Json& item, const std::string& pointer,
                      const std::vector<OperationSpec>& operations, Expectation& out) {
  Checker& checker = context.checker;
  checker.check_keys(item, pointer, {"metric", "site", "app", "min", "max", "equals", "at_s"});
  const auto metric = checker.string_field(item, pointer, "metric", Need::kRequired);
  if (metric) check_metric(checker, *metric, pointer + "/metric");
  out.metric = metric.value_or("");
  out.site = checker.string_field(item, pointer, "site", Need::kOptional);
  out.app = checker.string_field(item, pointer, "app", Need::kOptional);
  check_scope(context, out, operations, pointer);
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
                       const std::vector<OperationSpec>& operations,
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
    read_expectation(context, (*list)[i], pointer, operations, out);
    expectations.push_back(std::move(out));
  }
}

}  // namespace edgetwin::model
