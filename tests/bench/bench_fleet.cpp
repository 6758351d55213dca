// bench_fleet: how fast the twin runs fleets (docs/simulation.md, "Speed").
// - BM_FleetFirmwareOverRaw: the generated 400-site fleet (800 boxes + cloud), one simulated
//   hour of steady state, with the firmware in the loop, then a raw SimGrid baseline sending
//   the same messages between the same hosts with bare actors; `firmware_over_raw` is the
//   ratio of their wall times, measured back to back in one invocation so that a noisy
//   machine still gives a stable figure.
// - BM_FleetDay: the bundled 400-site smart-community fleet (apps, HA, data services, desired
//   state, alerts) for 24 simulated hours.
// - BM_Fleet4000: 4,000 generated sites for one simulated hour, then the generated 400-site
//   fleet for the same hour in the same invocation: `per_datagram_over_400` is the ratio of
//   their costs per datagram, how the cost grows with the fleet (1 would be linear).
// - BM_FleetGrowth: the steady-state cost per datagram of the generated 400-, 4,000- and
//   8,000-site fleets, each the difference of two runs of different lengths (so set-up and
//   boot cancel out). It separates the two things BM_Fleet4000's ratio mixes: the step where
//   the fleet's hot state outgrows the last-level cache, and growth with the fleet itself.
//   `steady_8000_over_4000` near 1 says the cost per datagram has stopped growing: no N^2.
// SimGrid allows one engine per process, so every run is a forked child that reports its wall
// time, message count and peak RSS over a pipe.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <simgrid/s4u.hpp>

#include "edgetwin/model/fleet_io.hpp"
#include "edgetwin/sim/engine/huge_page_heap.hpp"
#include "edgetwin/sim/engine/runner.hpp"
#include "raw_baseline.hpp"

namespace {

constexpr double kHour = 3600;
constexpr double kDay = 86400;
struct Measure {
  double wall_s = 0;
  double messages = 0;
  double peak_rss_mib = 0;
};

edgetwin::model::Fleet generated_fleet(int sites) {
  auto text = edgetwin::model::generate_fleet({sites, 2, "bench"}).dump();
  return *edgetwin::model::parse_fleet(text, "<generated>").value;
}

edgetwin::model::Scenario steady_scenario(edgetwin::model::Fleet fleet, double duration_s) {
  edgetwin::model::Scenario scenario;
  scenario.name = "bench-steady";
  scenario.fleet = std::move(fleet);
  scenario.duration_s = duration_s;
  return scenario;
}

// The firmware in the loop: returns the datagrams the run sent.
double run_twin(const edgetwin::model::Scenario& scenario) {
  auto result = edgetwin::sim::run_scenario(scenario, {});
  return result["metrics"]["datagrams_sent"].get<double>();
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

void report(benchmark::State& state, const Measure& m, double simulated_s) {
  state.SetIterationTime(m.wall_s);
  state.counters["wall_s"] = m.wall_s;
  state.counters["sim_s_per_wall_s"] = simulated_s / m.wall_s;
  state.counters["msgs_per_wall_s"] = m.messages / m.wall_s;
  state.counters["messages"] = m.messages;
  state.counters["ns_per_datagram"] = m.wall_s * 1e9 / m.messages;
  state.counters["peak_rss_mib"] = m.peak_rss_mib;
}

double run_raw(const edgetwin::model::Fleet& fleet, double duration_s) {
  int argc = 3;
  char a0[] = "bench", a1[] = "--cfg=network/model:CM02", a2[] = "--log=root.thres:critical";
  char* argv[] = {a0, a1, a2, nullptr};
  simgrid::s4u::Engine engine(&argc, argv);
  return static_cast<double>(edgetwin::bench::run_raw_baseline(fleet, duration_s).messages);
}

void BM_FleetFirmwareOverRaw(benchmark::State& state) {
  const auto fleet = generated_fleet(400);
  const auto scenario = steady_scenario(fleet, kHour);
  for (auto _ : state) {
    const Measure twin = in_child([&] { return run_twin(scenario); });
    const Measure raw = in_child([&] { return run_raw(fleet, kHour); });
    report(state, twin, kHour);
    state.counters["raw_wall_s"] = raw.wall_s;
    state.counters["raw_messages"] = raw.messages;
    state.counters["firmware_over_raw"] = twin.wall_s / raw.wall_s;
  }
}

void BM_FleetDay(benchmark::State& state) {
  auto parsed =
      edgetwin::model::load_fleet_file(EDGETWIN_SCENARIOS_DIR "/smart-community-400.fleet.json");
  if (!parsed.value) {
    state.SkipWithError("cannot read smart-community-400.fleet.json");
    return;
  }
  const auto scenario = steady_scenario(*parsed.value, kDay);
  for (auto _ : state) report(state, in_child([&] { return run_twin(scenario); }), kDay);
}

void BM_Fleet4000(benchmark::State& state) {
  const auto scenario = steady_scenario(generated_fleet(4000), kHour);
  const auto small = steady_scenario(generated_fleet(400), kHour);
  for (auto _ : state) {
    const Measure large = in_child([&] { return run_twin(scenario); });
    const Measure base = in_child([&] { return run_twin(small); });
    report(state, large, kHour);
    state.counters["ns_per_datagram_400"] = base.wall_s * 1e9 / base.messages;
    state.counters["per_datagram_over_400"] =
        (large.wall_s / large.messages) / (base.wall_s / base.messages);
  }
}

// Wall time per datagram between the end of a short run and the end of a long one.
double steady_ns_per_datagram(int sites, double short_s, double long_s) {
  const auto fleet = generated_fleet(sites);
  const Measure a = in_child([&] { return run_twin(steady_scenario(fleet, short_s)); });
  const Measure b = in_child([&] { return run_twin(steady_scenario(fleet, long_s)); });
  return (b.wall_s - a.wall_s) * 1e9 / (b.messages - a.messages);
}

// About 4 M datagrams in each 400- and 4,000-site window, 8 M in the 8,000-site one; every
// window starts after the fleet has booted.
void BM_FleetGrowth(benchmark::State& state) {
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const double small = steady_ns_per_datagram(400, 1200, 3000);
    const double large = steady_ns_per_datagram(4000, 120, 300);
    const double largest = steady_ns_per_datagram(8000, 120, 300);
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    state.counters["ns_per_datagram_400"] = small;
    state.counters["ns_per_datagram_4000"] = large;
    state.counters["ns_per_datagram_8000"] = largest;
    state.counters["steady_4000_over_400"] = large / small;
    state.counters["steady_8000_over_4000"] = largest / large;
  }
}

BENCHMARK(BM_FleetFirmwareOverRaw)->UseManualTime()->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_FleetDay)->UseManualTime()->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_Fleet4000)->UseManualTime()->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_FleetGrowth)->UseManualTime()->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

// The twin's own main() runs on huge pages (huge_page_heap.hpp): so do the runs measured here.
int main(int argc, char** argv) {
  edgetwin::sim::ensure_huge_page_heap(argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
