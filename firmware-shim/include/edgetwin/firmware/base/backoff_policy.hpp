#pragma once
// Restart back-off of one container, after Kubernetes' CrashLoopBackOff: the n-th restart in a
// row waits initial_delay * multiplier^(n-1), capped at max_delay (10 s, 20, 40, 80, 160, 300,
// 300, ...). A container that ran for `reset_after` since its last restart before failing
// again starts the sequence over, so a rare crash is restarted quickly.
#include <cstdint>
#include <optional>

#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::fw {

struct BackoffConfig {
  Duration initial_delay = Duration::seconds(10);
  std::int64_t multiplier = 2;
  Duration max_delay = Duration::seconds(300);
  Duration reset_after = Duration::seconds(600);
};

class BackoffPolicy {
 public:
  // Bound on the exponent: past it the delay is max_delay anyway, and the product cannot
  // overflow.
  static constexpr int kGrowthStepsMax = 32;

  explicit BackoffPolicy(BackoffConfig config = {});

  // The delay before the next restart of a container that failed at `failed_at`; counts the
  // attempt. Starts over first if the container had been running for reset_after.
  Duration next_delay(Time failed_at);
  // The container was (re)started at `now` and runs: the reset clock starts.
  void on_started(Time now) { running_since_ = now; }
  void reset();
  // Restarts in the current sequence (1 after the first next_delay).
  int attempts() const { return attempts_; }

 private:
  Duration delay_for(int attempt) const;

  BackoffConfig config_;
  int attempts_ = 0;
  std::optional<Time> running_since_;
};

}  // namespace edgetwin::fw
