// One flooder must not starve every activation (issue 17, item 3): the cloud admits requests
// per source as well as globally, so a source that sends as fast as it can gets its own share
// and the other boxes still get theirs.
#include <gtest/gtest.h>

#include "edgetwin/firmware/activation/activation_rate_limiter.hpp"
#include "edgetwin/firmware/wire/wire.hpp"
#include "fixtures/factory_fixture.hpp"
#include "fixtures/seal_as.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

TEST(ActivationFlood, OneFlooderDoesNotStarveTheOtherBoxes) {
  FactoryFixture f;
  f.power_on_all();
  f.issue_codes();
  // A host on the network sends a request every 2 ms, each a new session with a wrong code.
  std::uint64_t session = 1;
  const auto flooder_key = fw::enrolment_key_pair(fw::EnrolmentSeed{}).public_key;
  auto flood_for = [&](Duration d) {
    const fw::Time end = f.network.now() + d;
    for (Duration at; f.network.now() + at < end; at = at + Duration::milliseconds(2)) {
      fw::ActivationRequest r{"flooder",  "x",       fw::CredentialKind::bind_code,
                              "00000000", session++, 1, flooder_key};
      // Sealed: the flood comes from a host that holds a key (an insider, or a box of the
      // fleet gone rogue); a stranger's datagrams are dropped before the limiter sees them.
      f.network.inject("flooder", "cloud",
                       seal_as(f.network, "flooder", "cloud",
                               fw::encode_envelope(fw::MessageType::activation_request, 1, r.encode())),
                       at);
    }
    f.network.run_until(end);
  };
  // The box gets through with the flooder going all along.
  bool accepted = false;
  for (int s = 0; s < 300 && !accepted; ++s) {
    flood_for(Duration::seconds(1));
    accepted = f.status("box-100") != "created";
  }
  EXPECT_TRUE(accepted) << "the flooder took every token";
  const auto& service = f.cloud_agent().activation();
  EXPECT_GT(service.rate_limited(), 1000u);  // the flooder was told to wait
}

TEST(ActivationFlood, PerSourceTableIsBounded) {
  fw::ActivationRateLimiter limiter(fw::RateLimit{1000, 1000}, fw::RateLimit{1, 2});
  fw::Time now;
  for (std::size_t i = 0; i < 3 * fw::ActivationRateLimiter::kSourcesMax; ++i)
    limiter.admit("src-" + std::to_string(i), now);
  EXPECT_LE(limiter.sources(), fw::ActivationRateLimiter::kSourcesMax);
}

TEST(ActivationFlood, ASourceGetsItsBurstThenWaitsForItsRate) {
  fw::ActivationRateLimiter limiter(fw::RateLimit{100, 100}, fw::RateLimit{1, 3});
  fw::Time now;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.admit("a", now), Duration::zero()) << i;
  const Duration wait = limiter.admit("a", now);
  EXPECT_GT(wait, Duration::zero());
  EXPECT_LE(wait, Duration::seconds(1));
  EXPECT_EQ(limiter.admit("b", now), Duration::zero());  // another source is not held up
  EXPECT_EQ(limiter.admit("a", now + wait), Duration::zero());
}

TEST(ActivationFlood, RefusedBySourceTakesNoGlobalToken) {
  fw::ActivationRateLimiter limiter(fw::RateLimit{1, 2}, fw::RateLimit{0.01, 1});
  fw::Time now;
  EXPECT_EQ(limiter.admit("a", now), Duration::zero());
  for (int i = 0; i < 100; ++i) EXPECT_GT(limiter.admit("a", now), Duration::zero());
  EXPECT_EQ(limiter.admit("b", now), Duration::zero());  // the global bucket still had one
}

}  // namespace
}  // namespace edgetwin::testing
