// NAS fencing with two boxes that both believe they are primary (issue 16, item 7): the one the
// volume calls stale steps down; it must not take a higher term and fence the other in turn.
#include <gtest/gtest.h>

#include "fixtures/data_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::DataStatus;
using fw::Duration;

TEST(VolumeFencing, APrimaryToldStaleStepsDownInsteadOfTakingAHigherTerm) {
  NasSite site;
  site.svc("s001-a").set_vip_held(true);
  site.client().write("s001-a", 1, 1);
  site.net.run_for(Duration::milliseconds(50));
  site.svc("s001-b").set_vip_held(true);  // b promoted; a was not told (a late VIP release)
  site.client().write("s001-b", 2, 2);
  site.net.run_for(Duration::milliseconds(50));
  const std::uint64_t a_term = site.svc("s001-a").term();
  const std::uint64_t b_term = site.svc("s001-b").term();
  ASSERT_GT(b_term, a_term);
  site.client().write("s001-a", 3, 3);  // fenced by the volume
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.client().writes.at(3).first.status, DataStatus::stale_term);
  EXPECT_FALSE(site.svc("s001-a").primary()) << "a deposed primary keeps serving";
  EXPECT_EQ(site.svc("s001-a").term(), a_term) << "a deposed primary took a higher term";
  site.client().write("s001-b", 4, 4);  // b is not fenced in turn
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.client().writes.at(4).first.status, DataStatus::ok);
  site.client().write("s001-a", 5, 5);
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.client().writes.at(5).first.status, DataStatus::not_primary);
  EXPECT_EQ(site.volume()->last_index(), 3u);  // 1, 2 and 4
}

// A new primary whose stored term is below the volume's (its peer reigned several times since)
// has never written at its term: the volume's answer is news to it, not a deposition, so it
// takes a term above the volume's once and serves.
TEST(VolumeFencing, ANewPrimaryBelowTheVolumesTermTakesAHigherTermOnce) {
  NasSite site;
  for (std::uint64_t reign = 0; reign < 3; ++reign) {
    site.svc("s001-a").set_vip_held(true);
    site.client().write("s001-a", 10 + reign, reign);
    site.net.run_for(Duration::milliseconds(50));
    site.svc("s001-a").set_vip_held(false);
  }
  site.svc("s001-b").set_vip_held(true);
  ASSERT_LT(site.svc("s001-b").term(), site.volume()->current_term());
  site.client().write("s001-b", 1, 100);
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.client().writes.at(1).first.status, DataStatus::stale_term);
  EXPECT_TRUE(site.svc("s001-b").primary());
  EXPECT_GT(site.svc("s001-b").term(), site.volume()->current_term());
  site.client().write("s001-b", 2, 101);
  site.net.run_for(Duration::milliseconds(50));
  EXPECT_EQ(site.client().writes.at(2).first.status, DataStatus::ok);
}

}  // namespace
}  // namespace edgetwin::testing
