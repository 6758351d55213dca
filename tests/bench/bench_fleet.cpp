// bench_fleet: the 400-site fleet (800 boxes + cloud), one simulated hour of steady state, with
// the firmware in the loop and, for comparison, a raw SimGrid baseline sending the same
// messages between the same hosts. SimGrid allows one engine per process, so every iteration
// runs in a forked child that reports its wall time, message count and peak RSS over a pipe.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <simgrid/s4u.hpp>

#include "edgetwin/model/fleet_io.hpp"
#include "edgetwin/sim/engine/runner.hpp"
#include "raw_baseline.hpp"

namespace {

constexpr double kSimulatedSeconds = 3600;
constexpr int kSites = 400;

struct Measure {
  double wall_s = 0;
  double messages = 0;
  double peak_rss_mib = 0;
};

edgetwin::model::Fleet fleet() {
  auto text = edgetwin::model::generate_fleet({kSites, 2, "bench"}).dump();
  return *edgetwin::model::parse_fleet(text, "<generated>").value;
}

// Runs `work` (which returns a message count) in a child process and measures it there.
Measure in_child(const std::function<double()>& work) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    const auto start = std::chrono::steady_clock::now();
    Measure m;
    m.messages = work();
    m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    m.peak_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
    [[maybe_unused]] auto n = ::write(fds[1], &m, sizeof m);
    ::_exit(0);
  }
  ::close(fds[1]);
  Measure m;
  [[maybe_unused]] auto n = ::read(fds[0], &m, sizeof m);
  ::close(fds[0]);
  ::waitpid(pid, nullptr, 0);
  return m;
}

void report(benchmark::State& state, const Measure& m) {
  state.SetIterationTime(m.wall_s);
  state.counters["sim_s_per_wall_s"] = kSimulatedSeconds / m.wall_s;
  state.counters["msgs_per_wall_s"] = m.messages / m.wall_s;
  state.counters["messages"] = m.messages;
  state.counters["peak_rss_mib"] = m.peak_rss_mib;
}

void BM_FleetFirmware(benchmark::State& state) {
  const auto f = fleet();
  edgetwin::model::Scenario scenario;
  scenario.name = "bench-heartbeats";
  scenario.fleet = f;
  scenario.duration_s = kSimulatedSeconds;
  for (auto _ : state) {
    report(state, in_child([&] {
      auto result = edgetwin::sim::run_scenario(scenario, {});
      return result["metrics"]["datagrams_sent"].get<double>();
    }));
  }
}

void BM_FleetRawSimGrid(benchmark::State& state) {
  const auto f = fleet();
  for (auto _ : state) {
    report(state, in_child([&] {
      int argc = 3;
      char a0[] = "bench", a1[] = "--cfg=network/model:CM02", a2[] = "--log=root.thres:critical";
      char* argv[] = {a0, a1, a2, nullptr};
      simgrid::s4u::Engine engine(&argc, argv);
      return static_cast<double>(edgetwin::bench::run_raw_baseline(f, kSimulatedSeconds).messages);
    }));
  }
}

BENCHMARK(BM_FleetFirmware)->UseManualTime()->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_FleetRawSimGrid)->UseManualTime()->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
