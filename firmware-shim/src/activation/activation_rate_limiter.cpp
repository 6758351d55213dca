#include "edgetwin/firmware/activation/activation_rate_limiter.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace edgetwin::fw {

TokenBucket::TokenBucket(RateLimit limit) : limit_(limit), tokens_(limit.burst) {
  assert(limit_.rate_per_s > 0 && limit_.burst >= 1);
}

void TokenBucket::refill(Time now) {
  if (now <= refilled_at_) return;
  tokens_ = std::min(limit_.burst, tokens_ + (now - refilled_at_).to_seconds() * limit_.rate_per_s);
  refilled_at_ = now;
}

bool TokenBucket::take(Time now) {
  refill(now);
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

Duration TokenBucket::until_token(Time now) {
  refill(now);
  if (tokens_ >= 1) return Duration::zero();
  const double wait_s = (1 - tokens_) / limit_.rate_per_s;
  return Duration::nanoseconds(static_cast<std::int64_t>(std::ceil(wait_s * 1e9)));
}

}  // namespace edgetwin::fw
