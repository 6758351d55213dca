#include "sweep_campaign.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace edgetwin::cli {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

fs::path Campaign::scenario_file(std::size_t point) const {
  return point_file(points_dir().string(), points[point]);
}

fs::path Campaign::run_dir(std::size_t point) const {
  return grid ? dir / "runs" / points[point].name : dir;
}

fs::path Campaign::result_path(const RunTask& t) const {
  return run_dir(t.point) / ("seed-" + std::to_string(t.seed) + ".result.json");
}

fs::path Campaign::log_path(const RunTask& t) const {
  return run_dir(t.point) / ("seed-" + std::to_string(t.seed) + ".log");
}

std::string Campaign::label(const RunTask& t) const {
  return (grid ? points[t.point].name + " " : std::string()) + "seed " + std::to_string(t.seed);
}

namespace {

std::optional<Json> read_result(const fs::path& path) {
  std::ifstream in(path);
  if (!in || !fs::is_regular_file(path)) return std::nullopt;
  Json doc = Json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("passed")) return std::nullopt;
  return doc;
}

}  // namespace

bool record_run(campaign::CampaignDb& db, const Campaign& c, const RunTask& task,
                const std::string& engine_state, const std::string& no_result_status,
                std::optional<double> wall_s, std::string& status, std::string& error) {
  // A run stopped after it wrote its result (written whole, or not at all) has finished.
  const auto result = read_result(c.result_path(task));
  campaign::RunRow row;
  row.point = c.points[task.point].index;
  row.seed = task.seed;
  row.engine_state = engine_state;
  row.wall_s = wall_s;
  if (result) {
    row.status = (*result)["passed"].get<bool>() ? "passed" : "failed";
    if ((*result)["wall_s"].is_number()) row.wall_s = (*result)["wall_s"].get<double>();
    row.result_file = c.result_path(task).string();
    row.result = &*result;
  } else {
    row.status = no_result_status;
  }
  status = row.status;
  return db.record_run(row, error);
}

Progress::Progress(std::vector<std::uint64_t> pending, std::uint64_t total)
    : pending_(std::move(pending)), total_(total), terminal_(::isatty(STDERR_FILENO) != 0) {
  std::uint64_t left = 0;
  for (const auto n : pending_) {
    left += n;
    if (n == 0) ++points_done_;
  }
  already_ = total_ - left;
}

void Progress::finished(std::size_t point, bool failed, bool without_result) {
  ++done_;
  if (running_ > 0) --running_;
  if (failed) ++failed_;
  if (without_result) ++without_result_;
  if (point < pending_.size() && pending_[point] > 0 && --pending_[point] == 0) ++points_done_;
  show();
}

void Progress::show(bool force) {
  const std::uint64_t done = already_ + done_;
  const std::uint64_t tenth = total_ == 0 ? 10 : done * 10 / total_;
  if (!terminal_ && !force && tenth == shown_tenth_) return;
  shown_tenth_ = tenth;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double eta =
      done_ == 0 ? 0 : elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done);
  std::fprintf(stderr,
               "%ssweep: points %llu/%zu done, runs %llu/%llu done, %llu running, %llu failed, "
               "%llu without result, ETA %.0f s%s",
               terminal_ ? "\r" : "", static_cast<unsigned long long>(points_done_),
               pending_.size(), static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total_), static_cast<unsigned long long>(running_),
               static_cast<unsigned long long>(failed_),
               static_cast<unsigned long long>(without_result_), eta, terminal_ ? "   " : "\n");
}

void Progress::end() {
  if (terminal_) std::fputs("\n", stderr);
}

}  // namespace edgetwin::cli
