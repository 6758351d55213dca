#include "edgetwin/firmware/activation/activation_rate_limiter.hpp"

#include <algorithm>
#include <cmath>

#include "edgetwin/firmware/base/invariant.hpp"

namespace edgetwin::fw {

TokenBucket::TokenBucket(RateLimit limit) : limit_(limit), tokens_(limit.burst) {
  EDGETWIN_ASSERT(limit_.rate_per_s > 0 && limit_.burst >= 1,
                  "a token bucket refills and holds at least one token");
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

bool TokenBucket::full(Time now) const {
  const double since_s = now > refilled_at_ ? (now - refilled_at_).to_seconds() : 0;
  return tokens_ + since_s * limit_.rate_per_s >= limit_.burst;
}

ActivationRateLimiter::ActivationRateLimiter(RateLimit global, RateLimit per_source)
    : global_(global), per_source_(per_source) {}

Duration ActivationRateLimiter::admit(const std::string& source, Time now) {
  TokenBucket& own = bucket_of(source, now);
  // The source's bucket first: a request it refuses must not cost the others a token.
  if (const Duration wait = own.until_token(now); wait > Duration::zero()) return wait;
  if (const Duration wait = global_.until_token(now); wait > Duration::zero()) return wait;
  const bool took = own.take(now) && global_.take(now);
  EDGETWIN_ASSERT(took, "both buckets had a token a moment ago");
  return Duration::zero();
}

TokenBucket& ActivationRateLimiter::bucket_of(const std::string& source, Time now) {
  if (auto it = sources_.find(source); it != sources_.end()) return it->second;
  if (sources_.size() >= kSourcesMax) make_room(now);
  EDGETWIN_ASSERT(sources_.size() < kSourcesMax, "the source table stays bounded");
  return sources_.emplace(source, TokenBucket(per_source_)).first->second;
}

void ActivationRateLimiter::make_room(Time now) {
  std::erase_if(sources_, [now](auto& entry) { return entry.second.full(now); });
  if (sources_.size() < kSourcesMax) return;
  auto oldest = std::min_element(sources_.begin(), sources_.end(), [](auto& a, auto& b) {
    return a.second.touched_at() < b.second.touched_at();
  });
  sources_.erase(oldest);
}

}  // namespace edgetwin::fw
