#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "edgetwin/model/scenario.hpp"
#include "edgetwin/reports/junit.hpp"
#include "edgetwin/reports/summary.hpp"
#include "edgetwin/sim/engine/runner.hpp"

namespace edgetwin::cli {
namespace {

struct RunArgs {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::string events;  // "" none, "-" stdout, else a file
  std::string result;
  std::string junit;
  std::string history;  // the writes workloads' operations (JSON lines)
  bool stop_at_violation = false;
};

// Opens `file` for `path` unless the option was not given; false (with a message) when the
// path cannot be written.
bool open_output(const std::string& path, std::optional<AtomicFile>& file) {
  if (path.empty()) return true;
  file.emplace(path);
  if (file->is_open()) return true;
  std::cerr << "edgetwin: cannot write " << path << "\n";
  return false;
}

int run(const RunArgs& args) {
  auto parsed = model::load_scenario_file(args.scenario);
  if (!parsed.ok()) {
    for (const auto& e : parsed.errors) std::cerr << e.to_string() << "\n";
    return kExitBadInput;
  }
  // Output files are opened before the run, so that a bad path fails in a second, not after
  // an hour of simulation.
  std::optional<AtomicFile> result_file;
  if (!open_output(args.result, result_file)) return kExitBadInput;
  std::optional<AtomicFile> junit_file;
  if (!open_output(args.junit, junit_file)) return kExitBadInput;
  std::optional<AtomicFile> history_file;
  if (!open_output(args.history, history_file)) return kExitBadInput;
  std::optional<AtomicFile> events_file;
  sim::RunOptions options;
  options.seed = args.seed;
  options.progress = ::isatty(STDERR_FILENO) != 0;
  options.stop_at_violation = args.stop_at_violation;
  if (args.events == "-") {
    options.events = &std::cout;
  } else if (!args.events.empty()) {
    events_file.emplace(args.events);
    if (!events_file->is_open()) {
      std::cerr << "edgetwin: cannot write " << args.events << "\n";
      return kExitBadInput;
    }
    options.events = &events_file->stream();
  }
  if (history_file) options.history = &history_file->stream();
  const auto result = sim::run_scenario(*parsed.value, options);
  std::string error;
  if (history_file && !history_file->commit(error)) std::cerr << "edgetwin: " << error << "\n";
  if (events_file && !events_file->commit(error)) std::cerr << "edgetwin: " << error << "\n";
  if (result_file) {
    result_file->stream() << result.dump(2) << "\n";
    if (!result_file->commit(error)) std::cerr << "edgetwin: " << error << "\n";
  }
  if (junit_file) {
    junit_file->stream() << reports::junit_xml(result);
    if (!junit_file->commit(error)) std::cerr << "edgetwin: " << error << "\n";
  }
  // With events on stdout the summary goes to stderr, so the stream stays pure JSON lines.
  (args.events == "-" ? std::cerr : std::cout) << reports::format_run_summary(result);
  return result["passed"].get<bool>() ? kExitPassed : kExitAssertionFailed;
}

}  // namespace

Command add_run(CLI::App& cmd) {
  auto args = std::make_shared<RunArgs>();
  cmd.add_option("scenario", args->scenario, "scenario file")->required();
  cmd.add_option("--seed", args->seed, "override the scenario's seed");
  cmd.add_option("--events", args->events, "write the event stream (JSON lines) to FILE or -");
  cmd.add_option("--result", args->result, "write the run result (JSON) to FILE");
  cmd.add_option("--junit", args->junit, "write the assertions as JUnit XML to FILE");
  cmd.add_option("--history", args->history,
                 "write the writes workloads' history (JSON lines, one operation each) to FILE");
  cmd.add_flag("--stop-at-violation", args->stop_at_violation,
               "end the run at the first invariant violation (docs/ha.md, \"Invariants\")");
  return [args]() { return run(*args); };
}

}  // namespace edgetwin::cli
