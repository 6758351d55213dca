#pragma once
// The steps of reading a scenario document after its header fields and fleet are known.
#include "edgetwin/model/scenario.hpp"
#include "json_check.hpp"

namespace edgetwin::model {

struct ScenarioContext {
  Checker& checker;
  const Fleet* fleet;  // nullptr when the fleet had errors: skip checks against it
  double duration_s;
};

void read_faults(ScenarioContext& context, const Json& doc, std::vector<FaultSpec>& faults);
void read_expectations(ScenarioContext& context, const Json& doc,
                       const nlohmann::ordered_json& ordered_doc,
                       const std::vector<OperationSpec>& operations,
                       std::vector<Expectation>& expectations);
// Checks the `workloads` array (kept as JSON in Scenario::workloads).
void read_workloads(ScenarioContext& context, const Json& doc);
// `install`, checked against `start` (only a factory start has one) and the run's duration.
std::optional<InstallSchedule> read_install(ScenarioContext& context, const Json& doc,
                                            const std::string& start);
std::vector<RolloutSpec> read_rollouts(ScenarioContext& context, const Json& doc);
std::vector<OperationSpec> read_operations(ScenarioContext& context, const Json& doc);
std::vector<GrantSpec> read_grants(ScenarioContext& context, const Json& doc);
std::vector<ConsoleOperationSpec> read_console(ScenarioContext& context, const Json& doc);
// "'a', 'b', 'c'" of a name list, for messages.
std::string joined_names(const std::vector<std::string>& names);

}  // namespace edgetwin::model
