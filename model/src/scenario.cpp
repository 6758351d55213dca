#include "edgetwin/model/scenario.hpp"

#include "edgetwin/model/fleet_io.hpp"
#include "edgetwin/model/json_locator.hpp"
#include "json_text.hpp"
#include "scenario_parse.hpp"

namespace edgetwin::model {
namespace {

constexpr std::string_view kScenarioFormat = "edgetwin.scenario/v1";

// Parses the fleet the scenario names; its own errors are reported against its own file.
std::optional<Fleet> read_scenario_fleet(Checker& checker, const Json& doc,
                                         const JsonLocator& locator,
                                         std::vector<Diagnostic>& fleet_errors) {
  const Json* fleet = checker.field(doc, "", "fleet", Need::kRequired);
  if (fleet == nullptr) return std::nullopt;
  Parsed<Fleet> parsed;
  if (fleet->is_object()) {
    parsed = parse_fleet_value(*fleet, checker.file(), locator, "/fleet");
  } else if (fleet->is_string()) {
    const auto base = std::filesystem::path(checker.file()).parent_path();
    const auto path = (base / fleet->get<std::string>()).lexically_normal();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      checker.error("/fleet", "fleet file '" + path.string() + "' does not exist");
      return std::nullopt;
    }
    parsed = load_fleet_file(path);
  } else {
    checker.error("/fleet", "expected a fleet file path or an inline fleet object, got " +
                                describe_type(*fleet));
    return std::nullopt;
  }
  fleet_errors = std::move(parsed.errors);
  return std::move(parsed.value);
}

void read_header(Checker& checker, const Json& doc, Scenario& out) {
  out.name = checker.string_field(doc, "", "name", Need::kRequired).value_or("");
  if (const Json* seed = checker.field(doc, "", "seed", Need::kOptional)) {
    if (seed->is_number_unsigned()) {
      out.seed = seed->get<std::uint64_t>();
    } else {
      checker.error("/seed", "expected a non-negative whole number, got " +
                                 (seed->is_number() ? seed->dump() : describe_type(*seed)));
    }
  }
  out.duration_s = checker.number_field(doc, "", "duration_s", Bound::kPositive, Need::kOptional)
                       .value_or(out.duration_s);
  out.start = checker.enum_field(doc, "", "start", {"running", "factory"}, Need::kOptional)
                  .value_or(out.start);
  if (const Json* workloads = checker.array_field(doc, "", "workloads", Need::kOptional)) {
    out.workloads = *workloads;
  }
  if (const Json* rollout = checker.object_field(doc, "", "rollout", Need::kOptional)) {
    out.rollout = *rollout;
  }
}

bool check_format(Checker& checker, const Json& doc) {
  if (!checker.expect_object(doc, "")) return false;
  const auto format = checker.string_field(doc, "", "format", Need::kRequired);
  if (format && *format != kScenarioFormat) {
    checker.error("/format", "unsupported format '" + *format + "' (expected '" +
                                 std::string(kScenarioFormat) + "')");
  }
  return format && *format == kScenarioFormat;
}

}  // namespace

std::string joined_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

const std::vector<std::string>& known_metrics() {
  static const std::vector<std::string> metrics{
      "vip_failover_s",   "dual_master_s",      "app_recovery_s",   "acknowledged_writes",
      "lost_writes",      "unavailable_s",      "rollout_total_s",  "wan_bytes",
      "nodes_running",    "activation_total_s", "n1_ok_sites",      "n1_risk_sites",
      "overcommit_ratio", "vip_transitions",    "restarts",         "phantom_reads",
      "alert_delay_s",    "peer_detect_s",      "offline_detect_s", "malformed_datagrams",
      "peer_down_events", "undetected_faults",  "datagrams_sent",   "datagrams_lost",
      "stale_datagrams",
      // Data HA (docs/data-ha.md).
      "failed_writes", "unknown_writes", "stale_primary_acks", "discarded_entries",
      "semi_sync_fallbacks",
      // First boot and activation (docs/activation.md).
      "activation_s", "nodes_activated", "activation_rejections",
      // A first deployment from the factory (docs/rollout.md, "First deployment").
      "site_install_wait_s", "site_activation_s", "site_queue_s", "site_download_s",
      "site_install_s", "site_serving_s", "sites_serving", "fleet_serving_s",
      "fleet_serving_days",
      // Fleet-wide rollout (docs/rollout.md).
      "rollout_site_ready_s", "rollout_failed_sites", "rollout_paused", "image_bytes_pulled",
      "rollouts_done",
      // Rollouts judged on the apps' health (soak_s), and their roll-backs.
      "rollout_switched_sites", "rollout_rolled_back_sites", "rollout_rollback_s",
      "flawed_version_sites",
      // App lifecycle operations (docs/orchestration.md).
      "operations_accepted", "operations_denied", "operations_refused", "operation_converge_s",
      // The console's commands carried to boxes (docs/activation.md).
      "console_commands_applied", "console_commands_refused", "console_commands_pending",
      "console_command_s",
      // Desired states of full size (docs/orchestration.md, "Sites of full size").
      "desired_too_large", "desired_chunks_missing",
      // Monitoring and alerts (docs/formats-extensions.md).
      "alerts_raised", "alerts_while_unreachable",
      // Load over the day (docs/formats-extensions.md).
      "oom_kills", "disk_full_boxes", "n1_peak_risk_sites",
      // Safety checked while the run goes, and settling after faults (docs/ha.md).
      "invariant_violations", "unconverged_sites",
      // Data copies that do not end on their primary's log (docs/data-ha.md).
      "replicas_out_of_sync",
      // Generic nodes joining by their start script (docs/orchestration.md).
      "generic_nodes_joined", "generic_replicas_ready", "generic_evicted_replicas"};
  return metrics;
}

Parsed<Scenario> parse_scenario(std::string_view text, const std::string& file) {
  auto json = parse_json_text(text, file);
  if (!json.value) return {std::nullopt, std::move(json.errors)};
  const Json& doc = *json.value;
  const JsonLocator locator(text);
  Checker checker(file, locator, "");
  if (!check_format(checker, doc)) return {std::nullopt, checker.take_errors()};
  checker.check_keys(
      doc, "",
      {"format", "name", "description", "fleet", "seed", "duration_s", "start", "install",
       "workloads", "rollout", "rollouts", "operations", "grants", "faults", "expect", "console"});
  Scenario scenario;
  scenario.source_path = file;
  read_header(checker, doc, scenario);
  std::vector<Diagnostic> fleet_errors;
  auto fleet = read_scenario_fleet(checker, doc, locator, fleet_errors);
  ScenarioContext context{checker, fleet ? &*fleet : nullptr, scenario.duration_s};
  read_faults(context, doc, scenario.faults);
  read_workloads(context, doc);
  scenario.install = read_install(context, doc, scenario.start);
  scenario.rollouts = read_rollouts(context, doc);
  if (!scenario.rollouts.empty()) scenario.rollout_spec = scenario.rollouts.front();
  scenario.operations = read_operations(context, doc);
  scenario.grants = read_grants(context, doc);
  scenario.console = read_console(context, doc);
  read_expectations(context, doc, nlohmann::ordered_json::parse(text), scenario.operations,
                    scenario.expect);
  Parsed<Scenario> result;
  result.errors = checker.take_errors();
  result.errors.insert(result.errors.end(), fleet_errors.begin(), fleet_errors.end());
  sort_diagnostics(result.errors, file);
  if (!result.errors.empty() || !fleet) return result;
  scenario.fleet = std::move(*fleet);
  result.value = std::move(scenario);
  return result;
}

Parsed<Scenario> load_scenario_file(const std::filesystem::path& path) {
  auto text = read_text_file(path.string());
  if (!text.value) return {std::nullopt, std::move(text.errors)};
  return parse_scenario(*text.value, path.string());
}

}  // namespace edgetwin::model
