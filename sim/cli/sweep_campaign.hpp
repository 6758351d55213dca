#pragma once
// A campaign folder (docs/campaigns.md): where each point's file, each run's result and log
// go, and how a finished run lands in DIR/results.sqlite. Shared by the local and Slurm engines.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "child_runs.hpp"
#include "edgetwin/campaign/campaign_db.hpp"
#include "sweep_grid.hpp"

namespace edgetwin::cli {

struct RunTask {
  std::size_t point = 0;  // index into Campaign::points
  std::uint64_t seed = 0;
};

struct Campaign {
  std::filesystem::path dir;
  SeedRange seeds;
  std::vector<GridPoint> points;
  bool grid = false;  // any --set: results under runs/pNNN/ (else in DIR itself, as before)

  std::filesystem::path points_dir() const { return dir / "points"; }
  std::filesystem::path scenario_file(std::size_t point) const;
  std::filesystem::path run_dir(std::size_t point) const;
  std::filesystem::path result_path(const RunTask& task) const;
  std::filesystem::path log_path(const RunTask& task) const;
  std::string label(const RunTask& task) const;  // "seed 3" or "p002 seed 3"
};

// The run's record from its result file: passed or failed as the result says, even when the
// process was stopped after writing it; `no_result_status` (crashed, cancelled, a Slurm state)
// with `engine_state` when there is no readable result.
// `status` is what was recorded.
bool record_run(campaign::CampaignDb& db, const Campaign& campaign, const RunTask& task,
                const std::string& engine_state, const std::string& no_result_status,
                std::optional<double> wall_s, std::string& status, std::string& error);

// Progress on stderr: points and runs done, running, failed, without a result, and an ETA; one
// line rewritten in place on a terminal, otherwise a plain line at the start and per tenth.
class Progress {
 public:
  // `pending[p]`: runs of point p still to run; `total`: every run of the campaign.
  Progress(std::vector<std::uint64_t> pending, std::uint64_t total);
  void started() { ++running_; }
  void finished(std::size_t point, bool failed, bool without_result);
  void set_running(std::uint64_t running) { running_ = running; }  // Slurm: from the array
  void show(bool force = false);
  void end();

 private:
  std::vector<std::uint64_t> pending_;
  std::uint64_t total_, already_, points_done_ = 0;
  std::uint64_t done_ = 0, running_ = 0, failed_ = 0, without_result_ = 0;
  std::uint64_t shown_tenth_ = 0;
  bool terminal_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace edgetwin::cli
