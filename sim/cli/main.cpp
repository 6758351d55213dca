// edgetwin: the command-line twin. Thin: each subcommand lives in its own file.
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "edgetwin/sim/engine/huge_page_heap.hpp"

int main(int argc, char** argv) {
  edgetwin::sim::ensure_huge_page_heap(argv);  // before anything is allocated: see its header
  using namespace edgetwin::cli;
  CLI::App app{"edgetwin: a digital twin and test bench for fleets of edge boxes"};
  app.require_subcommand(1);
  auto* fleet = app.add_subcommand("fleet", "fleet files");
  fleet->require_subcommand(1);
  auto* generate = fleet->add_subcommand("generate", "write a fleet file for N sites");
  Command generate_cmd = add_fleet_generate(*generate);
  auto* validate = app.add_subcommand("validate", "check fleet and scenario files");
  Command validate_cmd = add_validate(*validate);
  auto* run = app.add_subcommand("run", "run one scenario");
  Command run_cmd = add_run(*run);
  auto* report = app.add_subcommand("report", "capacity and HA reports from run results");
  Command report_cmd = add_report(*report);
  auto* sweep = app.add_subcommand("sweep", "run one scenario under many seeds and aggregate");
  Command sweep_cmd = add_sweep(*sweep);
  auto* explore = app.add_subcommand(
      "explore", "search seed-drawn fault schedules for invariant violations, and shrink them");
  Command explore_cmd = add_explore(*explore);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitBadInput;
  }
  if (generate->parsed()) return generate_cmd();
  if (validate->parsed()) return validate_cmd();
  if (run->parsed()) return run_cmd();
  if (report->parsed()) return report_cmd();
  if (sweep->parsed()) return sweep_cmd();
  if (explore->parsed()) return explore_cmd();
  return kExitBadInput;
}
