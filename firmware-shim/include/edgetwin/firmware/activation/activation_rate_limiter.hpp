#pragma once
// The cloud's admission of activation requests: token buckets. Tokens accrue at `rate_per_s`
// up to `burst`; each request takes one or is told how long until the next token. The global
// bucket protects the activation backend (code checks, node certificates, DPS) when a whole
// fleet powers on at once; boxes told to come back later add their own jitter
// (activation_client.hpp).
//
// A global bucket alone lets one source that sends as fast as it can take every token and
// starve every other box. So each source (the sender's address) also has a bucket of its own,
// smaller than the global rate: a flooder gets its own share and no more. A request refused by
// its source's bucket takes no global token. The table of sources is bounded (kSourcesMax):
// when it is full, sources whose bucket has refilled are forgotten first (a fresh bucket is a
// full one, so nothing is lost), then the one heard from longest ago.
#include <cstddef>
#include <map>
#include <string>

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
  // Whether the bucket is back to its burst at `now` (then it is as good as a new one).
  bool full(Time now) const;
  Time touched_at() const { return refilled_at_; }
  const RateLimit& limit() const { return limit_; }

 private:
  void refill(Time now);

  RateLimit limit_;
  double tokens_;
  Time refilled_at_;
};

class ActivationRateLimiter {
 public:
  // Sources remembered at once: well above the boxes of one fleet powering on together.
  static constexpr std::size_t kSourcesMax = 4096;

  ActivationRateLimiter(RateLimit global, RateLimit per_source);
  // Zero when the request from `source` is admitted (it took a token from the source's bucket
  // and one from the global bucket); otherwise how long until it may be, and nothing is taken.
  Duration admit(const std::string& source, Time now);
  std::size_t sources() const { return sources_.size(); }

 private:
  TokenBucket& bucket_of(const std::string& source, Time now);
  void make_room(Time now);

  TokenBucket global_;
  RateLimit per_source_;
  std::map<std::string, TokenBucket> sources_;
};

}  // namespace edgetwin::fw
