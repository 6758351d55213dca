// `edgetwin sweep`: one scenario under a range of seeds, each seed in its own `edgetwin run`
// process (a SimGrid engine per process, and a crash in one seed cannot take the others down),
// then the results aggregated into DIR/sweep.json.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "child_runs.hpp"
#include "commands.hpp"
#include "edgetwin/model/scenario.hpp"
#include "edgetwin/reports/sweep_aggregate.hpp"

namespace edgetwin::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr unsigned kJobsMax = 256;
constexpr std::size_t kSeedsShownMax = 20;  // on the terminal; sweep.json lists them all

struct SweepArgs {
  std::string scenario;
  std::string seeds;
  unsigned jobs = 0;  // 0: one per core
  std::string out;
};

// The same checks `run` makes, done once here so that bad input fails before any process starts.
bool scenario_is_runnable(const std::string& path) {
  auto parsed = model::load_scenario_file(path);
  if (!parsed.ok()) {
    for (const auto& e : parsed.errors) std::cerr << e.to_string() << "\n";
    return false;
  }
  return true;
}

fs::path result_path(const fs::path& dir, std::uint64_t seed) {
  return dir / ("seed-" + std::to_string(seed) + ".result.json");
}

fs::path log_path(const fs::path& dir, std::uint64_t seed) {
  return dir / ("seed-" + std::to_string(seed) + ".log");
}

// Starts `<this executable> run SCENARIO --seed S --result DIR/seed-S.result.json`, its stdout
// and stderr in DIR/seed-S.log.
std::optional<pid_t> spawn_run(const std::string& exe, const SweepArgs& args, std::uint64_t seed,
                               std::string& error) {
  const fs::path dir = args.out;
  std::error_code ignored;
  fs::remove(result_path(dir, seed), ignored);  // a stale result must not pass for this run's
  const std::string seed_text = std::to_string(seed);
  auto pid = spawn_child(exe, {"run", args.scenario, "--seed", seed_text, "--result",
                               result_path(dir, seed).string()},
                         log_path(dir, seed).string(), error);
  if (!pid) error = "seed " + seed_text + ": " + error;
  return pid;
}

struct Progress {
  std::uint64_t total = 0;
  std::uint64_t done = 0;
  std::uint64_t failed = 0;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  bool terminal = false;

  void show() const {
    if (!terminal) return;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double eta =
        done == 0 ? 0 : elapsed / static_cast<double>(done) * static_cast<double>(total - done);
    std::fprintf(stderr, "\rsweep: %llu/%llu seeds done, %llu failed, ETA %.0f s   ",
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                 static_cast<unsigned long long>(failed), eta);
    if (done == total) std::fputs("\n", stderr);
  }
};

struct Children {
  std::map<pid_t, std::uint64_t> running;  // pid -> seed
  std::vector<std::string> crashes;        // one message per seed that did not run to its end
};

// Waits for one child; false when there is none left to wait for.
bool reap_one(Children& children, Progress& progress, const fs::path& dir) {
  int status = 0;
  const pid_t pid = ::waitpid(-1, &status, 0);
  if (pid < 0) return errno == EINTR;
  const auto it = children.running.find(pid);
  if (it == children.running.end()) return true;  // not one of ours
  const std::uint64_t seed = it->second;
  children.running.erase(it);
  ++progress.done;
  const bool ran = WIFEXITED(status) && (WEXITSTATUS(status) == kExitPassed ||
                                         WEXITSTATUS(status) == kExitAssertionFailed);
  if (!ran) {
    children.crashes.push_back("seed " + std::to_string(seed) + ": " + describe_status(status) +
                               " (see " + log_path(dir, seed).string() + ")");
  } else if (WEXITSTATUS(status) == kExitAssertionFailed) {
    ++progress.failed;
  }
  progress.show();
  return true;
}

// Runs every seed, `jobs` at a time. After a crash no new seed starts (a crash is a bug or a
// broken machine, and likely to repeat); the running ones are waited for.
Children run_seeds(const std::string& exe, const SweepArgs& args, const SeedRange& seeds,
                   unsigned jobs) {
  Children children;
  Progress progress;
  progress.total = seeds.count;
  progress.terminal = ::isatty(STDERR_FILENO) != 0;
  progress.show();
  std::uint64_t next = 0;
  while (true) {
    while (children.crashes.empty() && next < seeds.count && children.running.size() < jobs) {
      std::string error;
      const std::uint64_t seed = seeds.first + next++;
      const auto pid = spawn_run(exe, args, seed, error);
      if (!pid) {
        children.crashes.push_back(error);
        break;
      }
      children.running[*pid] = seed;
    }
    if (children.running.empty() || !reap_one(children, progress, args.out)) break;
  }
  if (progress.terminal && progress.done != progress.total) std::fputs("\n", stderr);
  return children;
}

// The results in seed order; false (and a message) when one is missing or unreadable.
bool load_results(const fs::path& dir, const SeedRange& seeds, std::vector<Json>& results) {
  for (std::uint64_t i = 0; i < seeds.count; ++i) {
    const fs::path path = result_path(dir, seeds.first + i);
    std::ifstream in(path);
    try {
      if (!fs::is_regular_file(path) || !in) throw std::runtime_error("missing or not a file");
      results.push_back(Json::parse(in));
    } catch (const std::exception& e) {  // also the stream's own failures, not only JSON's
      std::cerr << "edgetwin: cannot read " << path.string() << ": " << e.what() << "\n";
      return false;
    }
  }
  return true;
}

void print_summary(const Json& sweep, const SweepArgs& args) {
  std::cout << "sweep " << sweep["scenario"].get<std::string>() << ", seeds " << args.seeds << ": "
            << sweep["runs"] << " runs, " << sweep["failed_seeds"].size() << " failed\n";
  for (const auto& a : sweep["assertions"]) {
    if (a["failures"].get<std::size_t>() == 0) continue;
    std::cout << "  FAIL [" << a["index"] << "] " << a["expect"].dump() << ": " << a["failures"]
              << " seeds (";
    const Json& failed = a["failed_seeds"];
    for (std::size_t i = 0; i < failed.size() && i < kSeedsShownMax; ++i)
      std::cout << (i ? ", " : "") << failed[i];
    std::cout << (failed.size() > kSeedsShownMax ? ", ...)\n" : ")\n");
  }
  std::cout << (sweep["passed"].get<bool>() ? "PASSED" : "FAILED") << "\n";
}

// Bad input exits before anything is created; the output directory and sweep.json are set up
// before the first seed runs, so that a bad path fails in a second rather than after the sweep.
int sweep(const SweepArgs& args) {
  std::string error;
  const auto seeds = parse_seed_range(args.seeds, "--seeds", error);
  if (!seeds) {
    std::cerr << "edgetwin: " << error << "\n";
    return kExitBadInput;
  }
  if (!scenario_is_runnable(args.scenario)) return kExitBadInput;
  const auto exe = this_executable();
  if (!exe) {
    std::cerr << "edgetwin: cannot find this executable through /proc/self/exe\n";
    return kExitBadInput;
  }
  std::error_code ec;
  fs::create_directories(args.out, ec);
  AtomicFile sweep_file(fs::path(args.out) / "sweep.json");
  if (ec || !sweep_file.is_open()) {
    std::cerr << "edgetwin: cannot write to " << args.out << (ec ? ": " + ec.message() : "")
              << "\n";
    return kExitBadInput;
  }
  const long cores = ::sysconf(_SC_NPROCESSORS_ONLN);
  const unsigned jobs = args.jobs != 0 ? args.jobs : static_cast<unsigned>(cores > 0 ? cores : 1);
  const Children children = run_seeds(*exe, args, *seeds, jobs);
  for (const auto& crash : children.crashes) std::cerr << "edgetwin: " << crash << "\n";
  std::vector<Json> results;
  if (!children.crashes.empty() || !load_results(args.out, *seeds, results)) return kExitBadInput;
  const Json aggregate = reports::aggregate_sweep(results);
  sweep_file.stream() << aggregate.dump(2) << "\n";
  if (!sweep_file.commit(error)) {
    std::cerr << "edgetwin: " << error << "\n";
    return kExitBadInput;
  }
  print_summary(aggregate, args);
  return aggregate["passed"].get<bool>() ? kExitPassed : kExitAssertionFailed;
}

}  // namespace

Command add_sweep(CLI::App& cmd) {
  auto args = std::make_shared<SweepArgs>();
  cmd.add_option("scenario", args->scenario, "scenario file")->required();
  cmd.add_option("--seeds", args->seeds, "seeds to run, A..B inclusive (at most 10000)")
      ->required();
  cmd.add_option("--jobs,-j", args->jobs, "seeds run at once (default: one per core)")
      ->check(CLI::Range(1u, kJobsMax));
  cmd.add_option("--out", args->out, "directory for seed-S.result.json, seed-S.log and sweep.json")
      ->required();
  return [args]() { return sweep(*args); };
}

}  // namespace edgetwin::cli
