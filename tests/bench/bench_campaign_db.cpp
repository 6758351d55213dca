// Loading run results into a campaign's results.sqlite, one transaction per run as `edgetwin
// sweep` writes them when each run ends. Target (issue 18): 10,000 runs in under a minute.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "edgetwin/campaign/campaign_db.hpp"

namespace {

using edgetwin::campaign::CampaignDb;
using edgetwin::campaign::Json;

// A real result of the two-site box-crash scenario (27 metrics, 5 assertions).
Json sample_result() {
  std::ifstream in(std::string(EDGETWIN_BENCH_DATA) + "/two-site-box-crash.result.json");
  return Json::parse(in);
}

void BM_Record10000RunsOneTransactionEach(benchmark::State& state) {
  const Json result = sample_result();
  const auto path = std::filesystem::temp_directory_path() /
                    ("edgetwin-bench-" + std::to_string(::getpid()) + ".sqlite");
  std::vector<edgetwin::campaign::PointRow> points;
  for (int p = 1; p <= 10; ++p)
    points.push_back({p, "p0" + std::to_string(10 + p), "/c/p.scenario.json", {{"/x", p}}, 0});
  for (auto _ : state) {
    std::string error;
    auto db = CampaignDb::open(path.string(), edgetwin::campaign::OpenMode::kFresh, error);
    if (!db || !db->put_points(points, error)) state.SkipWithError(error.c_str());
    for (int run = 0; run < 10000; ++run) {
      const edgetwin::campaign::RunRow row{1 + run % 10, static_cast<std::uint64_t>(run / 10),
                                           "passed",     "exited 0",
                                           0.5,          "seed.result.json",
                                           &result};
      if (!db->record_run(row, error)) state.SkipWithError(error.c_str());
    }
  }
  std::filesystem::remove(path);
  state.SetItemsProcessed(state.iterations() * 10000);
}
BENCHMARK(BM_Record10000RunsOneTransactionEach)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
