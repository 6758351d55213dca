// `edgetwin explore`: seed-driven fault search (docs/ha.md, "Fault search"). For each seed, a
// schedule of faults drawn from the seed (explore/fault_draw.hpp) is added to the scenario, the
// run checks the fleet's invariants as it goes and stops at the first violation, and the sites
// must converge once every fault has healed. A failing seed becomes a scenario file that
// `edgetwin run` reproduces, shrunk to the faults the failure needs.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "child_runs.hpp"
#include "commands.hpp"
#include "edgetwin/model/scenario.hpp"
#include "edgetwin/sim/explore/fault_draw.hpp"

namespace edgetwin::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr unsigned kJobsMax = 256;
constexpr std::size_t kShrinkRunsMax = 60;  // per failing seed: a schedule has at most 5 faults

struct ExploreArgs {
  std::string scenario;
  std::string seeds;
  unsigned jobs = 0;  // 0: one per core
  std::string out;
  double budget_s = 0;          // 0: no budget
  std::size_t shrink_max = 20;  // failing seeds shrunk; the others keep their drawn schedule
};

// What one run of a drawn (or shrunk) schedule showed.
struct Outcome {
  enum class Kind { passed, failed, crashed } kind = Kind::crashed;
  Json result;        // failed: the run result
  std::string crash;  // crashed: what happened
  // The failure's identity, for shrinking: the first violation's invariant, or "unconverged".
  std::string signature() const {
    if (kind != Kind::failed) return "";
    const Json& v = result["violations"];
    if (!v.empty()) return v[0]["invariant"].get<std::string>();
    return result["metrics"].value("unconverged_sites", 0) > 0 ? "unconverged" : "assertion";
  }
};

// The scenario a schedule makes: the base scenario's document with the schedule's faults after
// its own, its seed, and the explore's two expectations in place of its own (they were written
// for its scripted faults, not for drawn ones).
class ScenarioWriter {
 public:
  ScenarioWriter(Json base, const model::Scenario& scenario, std::string source)
      : base_(std::move(base)), source_(std::move(source)) {
    if (base_["fleet"].is_string())
      fleet_abs_ = fs::absolute(scenario.fleet.source_path).lexically_normal();
  }

  Json document(std::uint64_t seed, const Json& faults, std::size_t drawn) const {
    Json doc = base_;
    const std::string name = base_.value("name", "scenario") + "-seed-" + std::to_string(seed);
    doc["name"] = name;
    doc["description"] =
        "edgetwin explore: " + base_.value("name", "scenario") + " with " +
        std::to_string(faults.size()) + " of the " + std::to_string(drawn) +
        " faults drawn from seed " + std::to_string(seed) +
        ". Run it with `edgetwin run`: it fails (exit 1) while the defect it found is there.";
    doc["seed"] = seed;
    Json all = base_.value("faults", Json::array());
    for (const auto& f : faults) all.push_back(f);
    doc["faults"] = all;
    doc["expect"] = Json::array({Json{{"metric", "invariant_violations"}, {"max", 0}},
                                 Json{{"metric", "unconverged_sites"}, {"max", 0}}});
    doc["x-explore"] = Json{{"scenario", source_}, {"seed", seed}, {"faults_drawn", drawn}};
    return doc;
  }

  // Writes `doc` to `path`, its fleet reference made relative to where it is written.
  bool write(Json doc, const fs::path& path, std::string& error) const {
    if (!fleet_abs_.empty())
      doc["fleet"] = fs::relative(fleet_abs_, fs::absolute(path).parent_path()).string();
    AtomicFile file(path);
    if (!file.is_open()) {
      error = "cannot write " + path.string();
      return false;
    }
    file.stream() << doc.dump(2) << "\n";
    return file.commit(error);
  }

 private:
  Json base_;
  std::string source_;
  fs::path fleet_abs_;
};

struct Paths {
  fs::path dir;
  fs::path runs() const { return dir / "runs"; }
  fs::path drawn(std::uint64_t seed) const {
    return runs() / ("seed-" + std::to_string(seed) + ".scenario.json");
  }
  fs::path result(std::uint64_t seed, const std::string& tag = "") const {
    return runs() / ("seed-" + std::to_string(seed) + tag + ".result.json");
  }
  fs::path log(std::uint64_t seed, const std::string& tag = "") const {
    return runs() / ("seed-" + std::to_string(seed) + tag + ".log");
  }
  fs::path found(std::uint64_t seed) const {
    return dir / ("seed-" + std::to_string(seed) + ".scenario.json");
  }
};

std::optional<pid_t> start_run(const std::string& exe, const fs::path& scenario,
                               const fs::path& result, const fs::path& log, std::string& error) {
  std::error_code ignored;
  fs::remove(result, ignored);  // a stale result must not pass for this run's
  return spawn_child(exe,
                     {"run", scenario.string(), "--stop-at-violation", "--result", result.string()},
                     log.string(), error);
}

Outcome outcome_of(int status, const fs::path& result, const fs::path& log) {
  Outcome out;
  const bool ran = WIFEXITED(status) && (WEXITSTATUS(status) == kExitPassed ||
                                         WEXITSTATUS(status) == kExitAssertionFailed);
  if (!ran) {
    out.crash = describe_status(status) + " (see " + log.string() + ")";
    return out;
  }
  if (WEXITSTATUS(status) == kExitPassed) {
    out.kind = Outcome::Kind::passed;
    return out;
  }
  std::ifstream in(result);
  try {
    out.result = Json::parse(in);
    out.kind = Outcome::Kind::failed;
  } catch (const std::exception& e) {
    out.crash = "exit 1 without a readable result " + result.string() + ": " + e.what();
  }
  return out;
}

Outcome run_blocking(const std::string& exe, const fs::path& scenario, const fs::path& result,
                     const fs::path& log) {
  std::string error;
  const auto pid = start_run(exe, scenario, result, log, error);
  if (!pid) return Outcome{Outcome::Kind::crashed, {}, error};
  int status = 0;
  while (::waitpid(*pid, &status, 0) < 0 && errno == EINTR) {
  }
  return outcome_of(status, result, log);
}

struct SeedRun {
  std::uint64_t seed = 0;
  Json drawn;  // the schedule
  Outcome outcome;
  Json shrunk;  // failing seeds that were shrunk: the minimal schedule
};

class Explorer {
 public:
  Explorer(const ExploreArgs& args, std::string exe, const model::Scenario& scenario,
           ScenarioWriter writer, sim::FaultSpace space)
      : args_(args),
        exe_(std::move(exe)),
        scenario_(scenario),
        writer_(std::move(writer)),
        space_(space),
        paths_{args.out} {}

  // Every seed of the range, `jobs` at a time, until the budget is spent.
  void run_seeds(const SeedRange& seeds, unsigned jobs) {
    const auto start = std::chrono::steady_clock::now();
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    std::map<pid_t, std::size_t> running;  // pid -> index in runs_
    std::uint64_t next = 0;
    auto spent = [&] {
      return args_.budget_s > 0 &&
             std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >=
                 args_.budget_s;
    };
    while (true) {
      while (next < seeds.count && running.size() < jobs && !spent()) {
        SeedRun r;
        r.seed = seeds.first + next++;
        r.drawn = sim::draw_faults(scenario_, space_, r.seed);
        std::string error;
        const fs::path path = paths_.drawn(r.seed);
        std::optional<pid_t> pid;
        if (writer_.write(writer_.document(r.seed, r.drawn, r.drawn.size()), path, error))
          pid = start_run(exe_, path, paths_.result(r.seed), paths_.log(r.seed), error);
        runs_.push_back(std::move(r));
        if (!pid) {
          runs_.back().outcome.crash = error;
          continue;
        }
        running[*pid] = runs_.size() - 1;
      }
      if (running.empty()) break;
      int status = 0;
      const pid_t pid = ::waitpid(-1, &status, 0);
      if (pid < 0) {
        if (errno == EINTR) continue;
        break;
      }
      const auto it = running.find(pid);
      if (it == running.end()) continue;
      SeedRun& r = runs_[it->second];
      running.erase(it);
      r.outcome = outcome_of(status, paths_.result(r.seed), paths_.log(r.seed));
      ++done_;
      if (r.outcome.kind != Outcome::Kind::passed) ++failed_;
      if (terminal)
        std::fprintf(stderr, "\rexplore: %llu/%llu seeds run, %llu failed   ",
                     static_cast<unsigned long long>(done_),
                     static_cast<unsigned long long>(seeds.count),
                     static_cast<unsigned long long>(failed_));
    }
    if (terminal) std::fputs("\n", stderr);
  }

  // Drops faults one at a time while the failure stays the same, until no single fault can
  // go: a schedule from which every fault is needed.
  void shrink(SeedRun& r) {
    const std::string signature = r.outcome.signature();
    Json current = r.drawn;
    Outcome last = r.outcome;
    std::size_t runs = 0;
    for (bool dropped = true; dropped && runs < kShrinkRunsMax;) {
      dropped = false;
      for (std::size_t i = 0; i < current.size() && runs < kShrinkRunsMax; ++i) {
        Json candidate = Json::array();
        for (std::size_t j = 0; j < current.size(); ++j)
          if (j != i) candidate.push_back(current[j]);
        const fs::path path =
            paths_.runs() / ("seed-" + std::to_string(r.seed) + ".shrink.scenario.json");
        std::string error;
        if (!writer_.write(writer_.document(r.seed, candidate, r.drawn.size()), path, error))
          return;
        ++runs;
        Outcome o = run_blocking(exe_, path, paths_.result(r.seed, ".shrink"),
                                 paths_.log(r.seed, ".shrink"));
        if (o.kind != Outcome::Kind::failed || o.signature() != signature) continue;
        current = std::move(candidate);
        last = std::move(o);
        dropped = true;
        --i;  // the next fault moved to index i
      }
    }
    r.shrunk = current;
    r.outcome = std::move(last);
  }

  void shrink_failures() {
    std::size_t shrunk = 0;
    for (auto& r : runs_) {
      if (r.outcome.kind != Outcome::Kind::failed || shrunk++ >= args_.shrink_max) continue;
      if (::isatty(STDERR_FILENO) != 0)
        std::fprintf(stderr, "explore: shrinking seed %llu (%zu faults)\n",
                     static_cast<unsigned long long>(r.seed), r.drawn.size());
      shrink(r);
    }
  }

  // DIR/seed-N.scenario.json for every failing seed (shrunk when it was), and the summary.
  Json summary(const std::string& seeds_text, std::string& error) {
    Json failures = Json::array();
    Json crashes = Json::array();
    std::uint64_t passed = 0;
    for (const auto& r : runs_) {
      if (r.outcome.kind == Outcome::Kind::passed) {
        ++passed;
        continue;
      }
      if (r.outcome.kind == Outcome::Kind::crashed) {
        crashes.push_back(Json{{"seed", r.seed}, {"what", r.outcome.crash}, {"faults", r.drawn}});
        continue;
      }
      const Json& faults = r.shrunk.is_null() ? r.drawn : r.shrunk;
      if (!writer_.write(writer_.document(r.seed, faults, r.drawn.size()), paths_.found(r.seed),
                         error))
        return nullptr;
      Json f{{"seed", r.seed},
             {"failure", r.outcome.signature()},
             {"scenario", paths_.found(r.seed).filename().string()},
             {"faults_drawn", r.drawn.size()},
             {"faults_kept", faults.size()},
             {"shrunk", !r.shrunk.is_null()}};
      const Json& v = r.outcome.result["violations"];
      if (!v.empty())
        f["violation"] = v[0];
      else
        f["unconverged"] = r.outcome.result["metrics"].value("unconverged_by_site", Json::object());
      f["faults"] = faults;
      failures.push_back(std::move(f));
    }
    return Json{{"format", "edgetwin.explore/v1"},
                {"scenario", fs::absolute(args_.scenario).lexically_normal().string()},
                {"seeds", seeds_text},
                {"runs", runs_.size()},
                {"passed_runs", passed},
                {"settle_s", sim::FaultSpace::kSettleS},
                {"failures", failures},
                {"crashes", crashes},
                {"passed", failures.empty() && crashes.empty()}};
  }

 private:
  const ExploreArgs& args_;
  std::string exe_;
  const model::Scenario& scenario_;
  ScenarioWriter writer_;
  sim::FaultSpace space_;
  Paths paths_;
  std::vector<SeedRun> runs_;
  std::uint64_t done_ = 0;
  std::uint64_t failed_ = 0;
};

void print_summary(const Json& s, const ExploreArgs& args) {
  std::cout << "explore " << args.scenario << ", seeds " << args.seeds << ": " << s["runs"]
            << " runs, " << s["failures"].size() << " failed, " << s["crashes"].size()
            << " crashed\n";
  for (const auto& f : s["failures"]) {
    std::cout << "  seed " << f["seed"] << ": ";
    if (f.contains("violation"))
      std::cout << f["violation"]["invariant"].get<std::string>() << " at t=" << f["violation"]["t"]
                << ": " << f["violation"]["detail"].get<std::string>();
    else
      std::cout << "not converged " << f["unconverged"].dump();
    std::cout << "\n    -> " << (fs::path(args.out) / f["scenario"].get<std::string>()).string()
              << " (" << f["faults_kept"] << " of " << f["faults_drawn"] << " faults"
              << (f["shrunk"].get<bool>() ? ", shrunk" : "") << ")\n";
  }
  for (const auto& c : s["crashes"])
    std::cout << "  seed " << c["seed"] << " crashed: " << c["what"].get<std::string>() << "\n";
  std::cout << (s["passed"].get<bool>() ? "PASSED" : "FAILED") << "\n";
}

std::optional<Json> read_document(const std::string& path) {
  std::ifstream in(path);
  try {
    return Json::parse(in);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Bad input exits with 2 before anything is written.
int explore(const ExploreArgs& args) {
  std::string error;
  const auto seeds = parse_seed_range(args.seeds, "--seeds", error);
  if (!seeds) {
    std::cerr << "edgetwin: " << error << "\n";
    return kExitBadInput;
  }
  auto parsed = model::load_scenario_file(args.scenario);
  if (!parsed.ok()) {
    for (const auto& e : parsed.errors) std::cerr << e.to_string() << "\n";
    return kExitBadInput;
  }
  const model::Scenario& scenario = *parsed.value;
  const auto space = sim::FaultSpace::for_scenario(scenario, error);
  if (!space) {
    std::cerr << args.scenario << ": " << error << "\n";
    return kExitBadInput;
  }
  auto doc = read_document(args.scenario);
  const auto exe = this_executable();
  if (!doc || !exe) {
    std::cerr << "edgetwin: cannot " << (doc ? "find this executable" : "read " + args.scenario)
              << "\n";
    return kExitBadInput;
  }
  std::error_code ec;
  if (fs::exists(args.out, ec) && !fs::is_directory(args.out, ec)) {
    std::cerr << "edgetwin: --out " << args.out << " is not a directory\n";
    return kExitBadInput;
  }
  fs::create_directories(fs::path(args.out) / "runs", ec);
  AtomicFile summary_file(fs::path(args.out) / "explore.json");
  if (ec || !summary_file.is_open()) {
    std::cerr << "edgetwin: cannot write to " << args.out << (ec ? ": " + ec.message() : "")
              << "\n";
    return kExitBadInput;
  }
  const long cores = ::sysconf(_SC_NPROCESSORS_ONLN);
  const unsigned jobs = args.jobs != 0 ? args.jobs : static_cast<unsigned>(cores > 0 ? cores : 1);
  Explorer explorer(args, *exe, scenario, ScenarioWriter(*doc, scenario, args.scenario), *space);
  explorer.run_seeds(*seeds, jobs);
  explorer.shrink_failures();
  const Json summary = explorer.summary(args.seeds, error);
  if (summary.is_null()) {
    std::cerr << "edgetwin: " << error << "\n";
    return kExitBadInput;
  }
  summary_file.stream() << summary.dump(2) << "\n";
  if (!summary_file.commit(error)) {
    std::cerr << "edgetwin: " << error << "\n";
    return kExitBadInput;
  }
  print_summary(summary, args);
  return summary["passed"].get<bool>() ? kExitPassed : kExitAssertionFailed;
}

}  // namespace

Command add_explore(CLI::App& cmd) {
  auto args = std::make_shared<ExploreArgs>();
  cmd.add_option("scenario", args->scenario,
                 "scenario file: its fleet, duration and scripted faults")
      ->required();
  cmd.add_option("--seeds", args->seeds, "seeds to draw fault schedules from, A..B inclusive")
      ->required();
  cmd.add_option("--jobs,-j", args->jobs, "seeds run at once (default: one per core)")
      ->check(CLI::Range(1u, kJobsMax));
  cmd.add_option("--out", args->out,
                 "directory for explore.json, seed-N.scenario.json per failing seed, and runs/")
      ->required();
  cmd.add_option("--budget-s", args->budget_s, "start no new seed after this many wall seconds")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--shrink-max", args->shrink_max, "failing seeds to shrink (default 20)");
  return [args]() { return explore(*args); };
}

}  // namespace edgetwin::cli
