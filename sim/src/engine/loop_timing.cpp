#include "edgetwin/sim/engine/loop_timing.hpp"

#include <array>
#include <cmath>
#include <utility>

namespace edgetwin::sim {
namespace {

// (quantile, lateness in microseconds) of loop_timing_probe's timer_late_us.
constexpr std::array<std::pair<double, double>, 7> kTimerLateUs{{
    {0.0, 20.7},
    {0.1, 32.8},
    {0.5, 45.8},
    {0.9, 62.1},
    {0.99, 3876.0},
    {0.999, 4037.7},
    {1.0, 4179.2},
}};

}  // namespace

fw::Duration LoopTiming::timer_lateness(fw::Rng& rng) {
  const double q = rng.uniform01();
  for (std::size_t i = 1; i < kTimerLateUs.size(); ++i) {
    const auto [q1, us1] = kTimerLateUs[i];
    if (q > q1) continue;
    const auto [q0, us0] = kTimerLateUs[i - 1];
    const double us = q1 > q0 ? us0 + (us1 - us0) * (q - q0) / (q1 - q0) : us1;
    return fw::Duration::nanoseconds(std::llround(us * 1000));
  }
  return fw::Duration::nanoseconds(std::llround(kTimerLateUs.back().second * 1000));
}

}  // namespace edgetwin::sim
