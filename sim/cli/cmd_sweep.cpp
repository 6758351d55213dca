// `edgetwin sweep`: one scenario, or a grid of its variants (`--set`), under a range of seeds.
// Every point is checked before anything runs; each run's outcome lands in DIR/results.sqlite
// as it ends (docs/campaigns.md), and each point's results are aggregated into its sweep.json.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "child_runs.hpp"
#include "commands.hpp"
#include "edgetwin/campaign/campaign_db.hpp"
#include "edgetwin/model/scenario.hpp"
#include "edgetwin/reports/sweep_aggregate.hpp"
#include "sweep_campaign.hpp"
#include "sweep_engine.hpp"
#include "sweep_grid.hpp"

namespace edgetwin::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr unsigned kJobsMax = 256;
constexpr std::size_t kSeedsShownMax = 20;  // on the terminal; sweep.json lists them all
constexpr int kExitInterrupted = 130;       // 128 + SIGINT, as shells report it

struct SweepArgs {
  std::string scenario;
  std::string seeds;
  unsigned jobs = 0;  // 0: one per core
  std::string out;
  std::vector<std::string> sets;
  bool fresh = false;
  std::string engine = "local";
  SlurmOptions slurm;
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

// The --set options, and a grid of at most kCampaignRunsMax runs.
std::optional<std::vector<GridAxis>> parse_axes(const SweepArgs& args, const SeedRange& seeds) {
  std::vector<GridAxis> axes;
  std::uint64_t runs = seeds.count;
  for (const auto& text : args.sets) {
    std::string error;
    auto axis = parse_set(text, error);
    if (!axis) {
      std::cerr << "edgetwin: " << error << "\n";
      return std::nullopt;
    }
    runs *= axis->values.size();
    if (runs > kCampaignRunsMax) {
      std::cerr << "edgetwin: " << axis->option << ": the grid is more than " << kCampaignRunsMax
                << " runs (points x seeds)\n";
      return std::nullopt;
    }
    axes.push_back(std::move(*axis));
  }
  return axes;
}

// Each point as a file under DIR/points/; false (and a message) when one cannot be written.
bool write_points(const Campaign& c) {
  std::error_code ec;
  fs::create_directories(c.points_dir(), ec);
  for (std::size_t i = 0; i < c.points.size(); ++i) {
    AtomicFile file(c.scenario_file(i));
    std::string error;
    if (file.is_open()) file.stream() << c.points[i].text;
    if (!file.is_open() || !file.commit(error)) {
      std::cerr << "edgetwin: cannot write " << c.scenario_file(i).string() << " " << error << "\n";
      return false;
    }
  }
  return true;
}

std::vector<campaign::PointRow> point_rows(const Campaign& c) {
  std::vector<campaign::PointRow> rows;
  for (std::size_t i = 0; i < c.points.size(); ++i)
    rows.push_back({c.points[i].index, c.points[i].name, c.scenario_file(i).string(),
                    c.points[i].params, c.points[i].n1_risk_sites});
  return rows;
}

// The database of DIR, resumed or fresh, holding this grid; nullptr after a message otherwise.
std::unique_ptr<campaign::CampaignDb> open_db(const SweepArgs& args, const Campaign& c) {
  std::string error;
  auto db = campaign::CampaignDb::open(
      (c.dir / "results.sqlite").string(),
      args.fresh ? campaign::OpenMode::kFresh : campaign::OpenMode::kResume, error);
  if (!db || !db->put_points(point_rows(c), error)) {
    std::cerr << "edgetwin: " << error << "\n";
    return nullptr;
  }
  const Json first = Json::parse(c.points.front().text);
  db->set_info("scenario", first.value("name", ""));
  db->set_info("scenario_file", fs::absolute(args.scenario).string());
  db->set_info("seeds", args.seeds);
  db->set_info("engine", args.engine);
  return db;
}

std::vector<RunTask> pending_runs(const Campaign& c, const campaign::CampaignDb& db) {
  const auto finished = db.finished_runs();
  std::vector<RunTask> pending;
  for (std::size_t p = 0; p < c.points.size(); ++p)
    for (std::uint64_t s = 0; s < c.seeds.count; ++s)
      if (!finished.contains({c.points[p].index, c.seeds.first + s}))
        pending.push_back({p, c.seeds.first + s});
  return pending;
}

// The point's results in seed order; false (and a message) when one is missing or unreadable.
bool load_results(const Campaign& c, std::size_t point, std::vector<Json>& results) {
  for (std::uint64_t i = 0; i < c.seeds.count; ++i) {
    const fs::path path = c.result_path({point, c.seeds.first + i});
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

void print_summary(const Json& sweep, const SweepArgs& args, const std::string& point) {
  std::cout << (point.empty() ? "" : point + ": ") << "sweep "
            << sweep["scenario"].get<std::string>() << ", seeds " << args.seeds << ": "
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
}

std::string point_title(const GridPoint& p) {
  std::string out = p.name;
  for (const auto& [path, value] : p.params)
    out += " " + path + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
  return out;
}

// Each point's sweep.json; 0 when every point passed, 1 when one failed, 2 on a missing result.
int aggregate(const Campaign& c, const SweepArgs& args) {
  bool passed = true;
  for (std::size_t p = 0; p < c.points.size(); ++p) {
    std::vector<Json> results;
    if (!load_results(c, p, results)) return kExitBadInput;
    const Json sweep = reports::aggregate_sweep(results);
    AtomicFile file(c.run_dir(p) / "sweep.json");
    std::string error;
    if (file.is_open()) file.stream() << sweep.dump(2) << "\n";
    if (!file.is_open() || !file.commit(error)) {
      std::cerr << "edgetwin: cannot write " << (c.run_dir(p) / "sweep.json").string() << " "
                << error << "\n";
      return kExitBadInput;
    }
    print_summary(sweep, args, c.grid ? point_title(c.points[p]) : "");
    passed = passed && sweep["passed"].get<bool>();
  }
  std::cout << (passed ? "PASSED" : "FAILED") << "\n";
  return passed ? kExitPassed : kExitAssertionFailed;
}

// Bad input (seeds, --set, any point of the grid, the database) exits before any run starts.
int sweep(const SweepArgs& args) {
  std::string error;
  const auto seeds = parse_seed_range(args.seeds, "--seeds", error);
  if (!seeds) {
    std::cerr << "edgetwin: " << error << "\n";
    return kExitBadInput;
  }
  const auto axes = parse_axes(args, *seeds);
  if (!axes || !scenario_is_runnable(args.scenario)) return kExitBadInput;
  const auto exe = this_executable();
  if (!exe) {
    std::cerr << "edgetwin: cannot find this executable through /proc/self/exe\n";
    return kExitBadInput;
  }
  Campaign c{fs::absolute(args.out), *seeds, {}, !axes->empty()};
  auto points = build_grid(args.scenario, *axes, c.points_dir().string());
  if (!points) return kExitBadInput;
  c.points = std::move(*points);
  if (args.engine == "slurm" && !slurm_reachable(args.slurm)) return kExitBadInput;
  std::error_code ec;
  fs::create_directories(c.dir, ec);
  if (ec) {
    std::cerr << "edgetwin: cannot write to " << args.out << ": " << ec.message() << "\n";
    return kExitBadInput;
  }
  auto db = open_db(args, c);
  if (!db || !write_points(c)) return kExitBadInput;
  const auto pending = pending_runs(c, *db);
  std::vector<std::uint64_t> pending_per_point(c.points.size(), 0);
  for (const auto& task : pending) ++pending_per_point[task.point];
  Progress progress(std::move(pending_per_point), c.points.size() * c.seeds.count);
  catch_interrupts();
  const long cores = ::sysconf(_SC_NPROCESSORS_ONLN);
  const unsigned jobs = args.jobs != 0 ? args.jobs : static_cast<unsigned>(cores > 0 ? cores : 1);
  const EngineOutcome outcome = args.engine == "slurm"
                                    ? run_slurm(*exe, c, pending, args.slurm, *db, progress)
                                    : run_local(*exe, c, pending, jobs, *db, progress);
  for (const auto& crash : outcome.crashes) std::cerr << "edgetwin: " << crash << "\n";
  if (outcome.cancelled) {
    std::cerr << "edgetwin: cancelled; every finished run is in "
              << (c.dir / "results.sqlite").string()
              << ", and the same command resumes the campaign\n";
    return kExitInterrupted;
  }
  if (!outcome.crashes.empty()) return kExitBadInput;
  return aggregate(c, args);
}

}  // namespace

Command add_sweep(CLI::App& cmd) {
  auto args = std::make_shared<SweepArgs>();
  cmd.add_option("scenario", args->scenario, "scenario file")->required();
  cmd.add_option("--seeds", args->seeds, "seeds to run, A..B inclusive (at most 10000)")
      ->required();
  cmd.add_option("--set", args->sets,
                 "PATH=V1,V2,...: a grid axis; PATH a JSON pointer into the scenario, or "
                 "fleet:/pointer into its fleet (repeatable; the grid is the cross product)");
  cmd.add_option("--jobs,-j", args->jobs,
                 "runs at once with --engine local (default: one per core)")
      ->check(CLI::Range(1u, kJobsMax));
  cmd.add_option("--out", args->out,
                 "campaign folder: points/, results.sqlite, seed-S.result.json, seed-S.log and "
                 "sweep.json (under runs/pNNN/ with --set)")
      ->required();
  cmd.add_flag(
      "--resume", [](std::int64_t) {},
      "skip the runs DIR/results.sqlite already holds (the default)");
  cmd.add_flag("--fresh", args->fresh, "delete DIR/results.sqlite and run everything again");
  cmd.add_option("--engine", args->engine,
                 "local (child processes, default) or slurm (one job array)")
      ->check(CLI::IsMember({"local", "slurm"}));
  add_slurm_options(cmd, args->slurm);
  return [args]() { return sweep(*args); };
}

}  // namespace edgetwin::cli
