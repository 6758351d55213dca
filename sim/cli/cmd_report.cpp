// `edgetwin report RESULT... [--html FILE] [--csv DIR] [--json FILE] [--fleet FILE]`: capacity
// and HA reports from run results. Every input is read and every output rendered before any
// file is written, so bad input leaves nothing behind (exit 2).
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "atomic_file.hpp"
#include "commands.hpp"
#include "edgetwin/campaign/campaign_db.hpp"
#include "edgetwin/campaign/campaign_report.hpp"
#include "edgetwin/reports/csv_report.hpp"
#include "edgetwin/reports/html_report.hpp"
#include "edgetwin/reports/json_report.hpp"
#include "edgetwin/reports/report.hpp"

namespace edgetwin::cli {
namespace {

struct ReportArgs {
  std::vector<std::string> results;
  std::string html;
  std::string csv_dir;
  std::string json;
  std::string fleet;  // overrides the fleet named by the results
};

using Output = std::pair<std::filesystem::path, std::string>;

std::optional<reports::Report> load(const ReportArgs& args) {
  std::optional<std::filesystem::path> fleet;
  if (!args.fleet.empty()) fleet = args.fleet;
  std::vector<reports::RunInput> runs;
  bool ok = true;
  for (const auto& path : args.results) {
    auto loaded = reports::load_run_input(path, fleet);
    if (!loaded.run) std::cerr << "edgetwin report: " << loaded.error << "\n";
    ok = ok && loaded.run.has_value();
    if (loaded.run) runs.push_back(std::move(*loaded.run));
  }
  if (!ok) return std::nullopt;
  return reports::build_report(std::move(runs));
}

std::vector<Output> render(const ReportArgs& args, const reports::Report& report) {
  std::vector<Output> out;
  if (!args.html.empty()) out.emplace_back(args.html, reports::html_report(report));
  if (!args.json.empty()) out.emplace_back(args.json, reports::json_report(report).dump(2) + "\n");
  if (!args.csv_dir.empty())
    for (auto& table : reports::csv_tables(report))
      out.emplace_back(std::filesystem::path(args.csv_dir) / table.file_name, std::move(table.text));
  return out;
}

// All files are opened (as temporaries) before any is committed: one bad path writes nothing.
bool write_all(const std::vector<Output>& outputs) {
  std::vector<std::unique_ptr<AtomicFile>> files;
  for (const auto& [path, text] : outputs) {
    files.push_back(std::make_unique<AtomicFile>(path));
    if (!files.back()->is_open()) {
      std::cerr << "edgetwin report: cannot write " << path.string() << "\n";
      return false;
    }
    files.back()->stream() << text;
  }
  std::string error;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!files[i]->commit(error)) {
      std::cerr << "edgetwin report: " << error << "\n";
      return false;
    }
    std::cout << "wrote " << outputs[i].first.string() << "\n";
  }
  return true;
}

void print_summary(const reports::Report& report) {
  const auto& s = report.summary;
  std::cout << s.runs << " run(s), " << s.runs_passed << " passed; assertions " << s.assertions_passed
            << " passed, " << s.assertions_failed << " failed; N-1 " << s.n1_ok_sites << " ok, "
            << s.n1_risk_sites << " at risk; dual master " << s.dual_master_s << " s; lost writes "
            << s.lost_writes << "\n";
  for (const auto& fleet : report.fleets)
    for (const auto& site : fleet.capacity.sites)
      if (!site.ok())
        std::cout << "  N-1 risk " << site.site << " (" << site.largest_box << " down): short "
                  << site.shortfall.cpus << " CPUs, " << site.shortfall.memory_gib << " GiB, "
                  << site.shortfall.gpus << " GPUs\n";
  // Use over the day (docs/reports.md): each fleet's peak hour, and the sites whose peak use
  // exceeds their N-1 capacity even when their requests fit.
  for (const auto& fleet : report.fleets) {
    const auto& day = fleet.day;
    const auto& peak = day.fleet_use[static_cast<std::size_t>(day.fleet_peak_hour)];
    std::cout << "peak hour " << day.fleet_peak_hour << ":00 (" << fleet.capacity.fleet_name
              << "): " << peak.cpus << " of " << day.fleet_capacity.cpus << " CPUs, "
              << peak.memory_gib << " of " << day.fleet_capacity.memory_gib << " GiB in use; "
              << day.peak_risk_sites() << " site(s) whose peak use exceeds N-1\n";
    for (const auto& site : day.sites)
      if (!site.peak_fits_n1())
        std::cout << "  N-1 peak risk " << site.site << " at " << site.peak_hour
                  << ":00: short " << site.peak_shortfall.cpus << " CPUs, "
                  << site.peak_shortfall.memory_gib << " GiB"
                  << (site.requests_fit_n1 ? " (its requests fit N-1)" : "") << "\n";
  }
}

// `report DIR` over a campaign folder: its results.sqlite, read only. Without --html, --json or
// --csv the report goes beside the database (report.html, report.json, comparison.csv).
int campaign_report(const ReportArgs& args) {
  const std::filesystem::path dir = args.results.front();
  std::string error;
  const auto db = campaign::CampaignDb::open((dir / "results.sqlite").string(),
                                             campaign::OpenMode::kReadOnly, error);
  if (!db) {
    std::cerr << "edgetwin report: " << error << "\n";
    return kExitBadInput;
  }
  const auto summary = campaign::summarize(*db, dir.string());
  const bool defaults = args.html.empty() && args.json.empty() && args.csv_dir.empty();
  std::vector<Output> out;
  if (defaults || !args.html.empty())
    out.emplace_back(defaults ? dir / "report.html" : std::filesystem::path(args.html),
                     campaign::campaign_html(summary));
  if (defaults || !args.json.empty())
    out.emplace_back(defaults ? dir / "report.json" : std::filesystem::path(args.json),
                     campaign::campaign_json(summary).dump(2) + "\n");
  if (defaults || !args.csv_dir.empty())
    out.emplace_back((defaults ? dir : std::filesystem::path(args.csv_dir)) / "comparison.csv",
                     campaign::comparison_csv(summary));
  std::error_code ec;  // a folder that cannot be made shows as a file that cannot be written
  if (!args.csv_dir.empty()) std::filesystem::create_directories(args.csv_dir, ec);
  if (!write_all(out)) return kExitBadInput;
  for (const auto& p : summary.points)
    std::cout << p.point.name << ": " << p.runs << " run(s), " << p.passed << " passed, "
              << p.failed << " failed, " << p.crashed << " without a result\n";
  return kExitPassed;
}

int report(const ReportArgs& args) {
  if (args.results.size() == 1 && std::filesystem::is_directory(args.results.front()))
    return campaign_report(args);
  const auto report = load(args);
  if (!report) return kExitBadInput;
  const auto outputs = render(args, *report);
  if (!args.csv_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(args.csv_dir, ec);
    if (ec) {
      std::cerr << "edgetwin report: cannot create " << args.csv_dir << ": " << ec.message() << "\n";
      return kExitBadInput;
    }
  }
  if (!write_all(outputs)) return kExitBadInput;
  print_summary(*report);
  return kExitPassed;
}

}  // namespace

Command add_report(CLI::App& cmd) {
  auto args = std::make_shared<ReportArgs>();
  cmd.add_option("results", args->results,
                 "run result files (edgetwin.result/v1), or one campaign folder (edgetwin sweep "
                 "--out)")
      ->required();
  cmd.add_option("--html", args->html, "write a self-contained HTML report to FILE");
  cmd.add_option("--csv", args->csv_dir,
                 "write capacity_boxes.csv, n1_sites.csv, ha_by_site.csv, assertions.csv, rollout_waves.csv, rollout_sites.csv to DIR");
  cmd.add_option("--json", args->json, "write the report's numbers as JSON to FILE");
  cmd.add_option("--fleet", args->fleet,
                 "read capacity from this fleet file instead of the one the results name");
  return [args]() { return report(*args); };
}

}  // namespace edgetwin::cli
