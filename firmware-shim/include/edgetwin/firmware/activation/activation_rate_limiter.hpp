#pragma once
// The cloud's admission of activation requests: a token bucket. Tokens accrue at `rate_per_s`
// up to `burst`; each request takes one or is told how long until the next token. It protects
// the activation backend (code checks, node certificates, DPS) when a whole fleet powers on at
// once; boxes told to come back later add their own jitter (activation_client.hpp).
#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::fw {

struct RateLimit {
  double rate_per_s = 5;
  double burst = 20;
};

class TokenBucket {
 public:
  explicit TokenBucket(RateLimit limit);
  // Takes a token at `now` if one is there.
  bool take(Time now);
  // How long from `now` until a token is there (zero if one is).
  Duration until_token(Time now);
  const RateLimit& limit() const { return limit_; }

 private:
  void refill(Time now);

  RateLimit limit_;
  double tokens_;
  Time refilled_at_;
};

}  // namespace edgetwin::fw
