// bench_scheduler: placing 10,000 containers onto 800 boxes (400 sites of two EdgeBoxes).
// - PlaceFleetBySite: the product's path, each site placed by its own scheduler (place_site),
//   25 replicas per site from a 13-app system.
// - PlaceOnOneScheduler: the same 10,000 containers through one scheduler holding all 800
//   boxes, the worst case for the filter and score loops (every box is considered).
// - PreemptOnFullSites: 400 full sites each take 2 critical replicas that must preempt.
// Counter "placements" is a rate: placements per second of wall time.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "edgetwin/firmware/orchestration/placement.hpp"
#include "edgetwin/firmware/orchestration/scheduler.hpp"

namespace {

using edgetwin::fw::AppReplicas;
using edgetwin::fw::ContainerSpec;
using edgetwin::fw::NodeCapacity;
using edgetwin::fw::PlacementRequest;
using edgetwin::fw::Resources;
using edgetwin::fw::Scheduler;

constexpr int kSites = 400;
constexpr int kContainers = 10'000;
constexpr Resources kEdgeBox{40, 262144, 1};

ContainerSpec spec(const std::string& app, double cpu, double memory_mib, int gpu,
                   const std::string& priority) {
  return {app, app, cpu, cpu * 2, memory_mib, memory_mib * 2, gpu, priority, true};
}

// 12 apps x 2 replicas + 1 GPU app = 25 replicas per site, 10,000 over 400 sites.
std::vector<AppReplicas> site_system() {
  std::vector<AppReplicas> apps;
  for (int a = 0; a < 12; ++a)
    apps.push_back({spec("app" + std::to_string(a), 0.5 + 0.25 * (a % 6), 1024.0 * (1 + a % 4), 0,
                         a < 2 ? "critical" : ""),
                    2,
                    {8000 + a}});
  apps.push_back({spec("vision", 4, 8192, 1, "high"), 1, {}});
  return apps;
}

void PlaceFleetBySite(benchmark::State& state) {
  const auto apps = site_system();
  std::vector<std::vector<NodeCapacity>> sites;
  for (int s = 0; s < kSites; ++s) {
    const std::string name = "s" + std::to_string(1000 + s).substr(1);
    sites.push_back({{name + "-a", kEdgeBox}, {name + "-b", kEdgeBox}});
  }
  std::int64_t placed = 0;
  for (auto _ : state) {
    for (const auto& nodes : sites) {
      const auto p = edgetwin::fw::place_site(nodes, apps);
      for (const auto& [node, specs] : p.by_node) placed += static_cast<std::int64_t>(specs.size());
      if (!p.unplaced.empty()) state.SkipWithError("a replica did not fit");
    }
  }
  state.counters["placements"] =
      benchmark::Counter(static_cast<double>(placed), benchmark::Counter::kIsRate);
  state.counters["per_iteration"] =
      static_cast<double>(placed) / static_cast<double>(state.iterations());
}
BENCHMARK(PlaceFleetBySite)->Unit(benchmark::kMillisecond);

void PlaceOnOneScheduler(benchmark::State& state) {
  const auto apps = site_system();
  std::vector<PlacementRequest> requests;
  for (int i = 0; requests.size() < kContainers; ++i)
    for (const auto& a : apps)
      for (int r = 0; r < a.replicas && requests.size() < kContainers; ++r) {
        PlacementRequest req{a.spec, {}, a.spec.app + "-" + std::to_string(i)};
        req.spec.name = req.group + "-" + std::to_string(r);
        requests.push_back(req);
      }
  std::int64_t placed = 0;
  for (auto _ : state) {
    Scheduler scheduler;
    for (int s = 0; s < 2 * kSites; ++s) scheduler.add_node("box" + std::to_string(s), kEdgeBox);
    for (const auto& r : requests) placed += scheduler.schedule(r, false).ok() ? 1 : 0;
  }
  state.counters["placements"] =
      benchmark::Counter(static_cast<double>(placed), benchmark::Counter::kIsRate);
  state.counters["per_iteration"] =
      static_cast<double>(placed) / static_cast<double>(state.iterations());
}
BENCHMARK(PlaceOnOneScheduler)->Unit(benchmark::kMillisecond);

void PreemptOnFullSites(benchmark::State& state) {
  std::int64_t placed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<Scheduler> sites(kSites);
    for (auto& s : sites) {
      s.add_node("a-box", kEdgeBox);
      s.add_node("b-box", kEdgeBox);
      for (int i = 0; i < 20; ++i) {  // 10 low-priority replicas of 4 CPUs per box
        PlacementRequest low{spec("batch", 4, 4096, 0, "low"), {}, "batch" + std::to_string(i / 2)};
        low.spec.name = "batch-" + std::to_string(i);
        (void)s.schedule(low, false);
      }
    }
    state.ResumeTiming();
    for (auto& s : sites)
      for (int r = 0; r < 2; ++r) {
        PlacementRequest critical{spec("access", 6, 2048, 0, "critical"), {8080}, "access"};
        critical.spec.name = "access-" + std::to_string(r);
        placed += s.schedule(critical, true).ok() ? 1 : 0;
      }
  }
  state.counters["placements"] =
      benchmark::Counter(static_cast<double>(placed), benchmark::Counter::kIsRate);
}
BENCHMARK(PreemptOnFullSites)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
