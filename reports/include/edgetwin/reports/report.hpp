#pragma once
// What `edgetwin report` renders: the run results it was given, the capacity of each distinct
// fleet they ran on, and their HA figures. Multiple results get one capacity section per
// distinct fleet (results of one scenario share it) and one HA section per result.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgetwin/model/fleet.hpp"
#include "edgetwin/reports/capacity.hpp"
#include "edgetwin/reports/capacity_day.hpp"
#include "edgetwin/reports/ha_report.hpp"
#include "edgetwin/reports/rollout_report.hpp"

namespace edgetwin::reports {

inline constexpr const char* kResultFormat = "edgetwin.result/v1";
inline constexpr const char* kReportFormat = "edgetwin.report/v1";

struct RunInput {
  std::string path;               // the result file, as named on the command line
  nlohmann::ordered_json result;  // checked by load_run_input: the fields reports read exist
  model::Fleet fleet;
  std::string fleet_source;       // the file the fleet was read from
};

// Reads a run result and the fleet it ran on (its fleet_file, else the inline fleet of its
// scenario_file; `fleet_override` replaces both, for results from builds before those fields).
// Returns an error message naming the file instead when anything is missing or malformed.
struct LoadedRun {
  std::optional<RunInput> run;
  std::string error;
};
LoadedRun load_run_input(const std::filesystem::path& path,
                         const std::optional<std::filesystem::path>& fleet_override);
// The same checks on an already-parsed result (tests, and the loader itself); "" when valid.
std::string check_result(const nlohmann::ordered_json& result);

struct FleetSection {
  std::string source;  // fleet file (or scenario file of an inline fleet)
  CapacityReport capacity;
  CapacityDay day;  // use over the day of the same placement
};

struct RunSection {
  std::string label;  // "<scenario> seed <n>"
  std::size_t fleet = 0;  // index into Report::fleets
  HaSummary ha;
  std::optional<RolloutSummary> rollout;
};

struct ReportSummary {
  int runs = 0;
  int runs_passed = 0;
  int assertions_passed = 0;
  int assertions_failed = 0;
  int n1_ok_sites = 0;  // over the distinct fleets
  int n1_risk_sites = 0;
  int n1_peak_risk_sites = 0;  // peak use above the N-1 capacity, over the distinct fleets
  double dual_master_s = 0;  // summed over the runs
  double lost_writes = 0;
};

struct Report {
  std::vector<RunInput> runs;
  std::vector<FleetSection> fleets;
  std::vector<RunSection> sections;  // one per run, same order
  ReportSummary summary;
};

Report build_report(std::vector<RunInput> runs);

}  // namespace edgetwin::reports
