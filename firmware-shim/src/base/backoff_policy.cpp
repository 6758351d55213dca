#include "edgetwin/firmware/base/backoff_policy.hpp"

#include <algorithm>
#include <cassert>

namespace edgetwin::fw {

BackoffPolicy::BackoffPolicy(BackoffConfig config) : config_(config) {
  assert(config_.initial_delay > Duration::zero());
  assert(config_.multiplier >= 1);
  assert(config_.max_delay >= config_.initial_delay);
}

Duration BackoffPolicy::next_delay(Time failed_at) {
  if (running_since_ && failed_at - *running_since_ >= config_.reset_after) reset();
  running_since_.reset();  // not running until started again
  ++attempts_;
  return delay_for(attempts_);
}

void BackoffPolicy::reset() {
  attempts_ = 0;
  running_since_.reset();
}

Duration BackoffPolicy::delay_for(int attempt) const {
  Duration delay = config_.initial_delay;
  const int steps = std::min(attempt - 1, kGrowthStepsMax);
  // Multiply step by step and stop at the cap: the delay never grows far past max_delay.
  for (int i = 0; i < steps && delay < config_.max_delay; ++i) delay = delay * config_.multiplier;
  return std::min(delay, config_.max_delay);
}

}  // namespace edgetwin::fw
