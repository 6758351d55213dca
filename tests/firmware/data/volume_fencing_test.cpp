// NAS fencing with two boxes that both believe they are primary (issue 16, item 7): the one the
// volume calls stale steps down; it must not take a higher term and fence the other in turn.
#include <gtest/gtest.h>

#include "fixtures/data_fixture.hpp"

namespace edgetwin::testing {
namespace {

using fw::DataStatus;
using fw::Duration;

// The client writes `value` through `box` and waits for the answer (a NAS round trip).
DataStatus write_through(NasSite& site, const char* box, std::uint64_t request,
                         std::uint64_t value) {
  site.client().write(box, request, value);
  site.net.run_for(Duration::milliseconds(50));
  return site.client().writes.at(request).first.status;
}

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
  EXPECT_EQ(write_through(site, "s001-a", 5, 5), DataStatus::not_primary);
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
  EXPECT_EQ(write_through(site, "s001-b", 1, 100), DataStatus::stale_term);
  EXPECT_TRUE(site.svc("s001-b").primary());
  EXPECT_GT(site.svc("s001-b").term(), site.volume()->current_term());
  EXPECT_EQ(write_through(site, "s001-b", 2, 101), DataStatus::ok);
}

// A request this box sent in its previous reign, held up on the LAN until after the first write
// of its new reign, is refused by the volume with the volume's term, which is this box's own
// (terms are taken by rank, so no other box holds it): that is no deposition. Found by
// `edgetwin explore scenarios/explore-nas-volume.scenario.json --seeds 1716..1716`, where a
// lossy, reordering LAN left the site with no primary for good.
TEST(VolumeFencing, ALateRefusalNamingThisBoxsOwnTermDoesNotDeposeIt) {
  NasSite site;
  site.svc("s001-a").set_vip_held(true);
  ASSERT_EQ(write_through(site, "s001-a", 1, 1), DataStatus::ok);
  site.net.set_link("s001-a", "nas.s001", {Duration::milliseconds(500)});
  site.client().write("s001-a", 2, 2);  // sent in this reign, held up on the way to the NAS
  site.net.run_for(Duration::milliseconds(50));
  site.svc("s001-a").set_vip_held(false);
  site.svc("s001-a").set_vip_held(true);  // a new reign of the same box
  site.net.set_link("s001-a", "nas.s001", {});
  ASSERT_EQ(write_through(site, "s001-a", 3, 3), DataStatus::ok);
  ASSERT_EQ(site.volume()->current_term(), site.svc("s001-a").term());
  site.net.run_for(Duration::milliseconds(600));  // the old reign's write lands, refused
  EXPECT_TRUE(site.svc("s001-a").primary()) << "deposed by a refusal naming its own term";
  EXPECT_EQ(write_through(site, "s001-a", 4, 4), DataStatus::ok);
}

// A box that reigned while the NAS was out of its reach, and stepped down before it could
// write, keeps probing the NAS until it answers. The probe must not carry that reign's term:
// the volume would take it, and the primary (at a lower term, already accepted) would be told
// stale and step down, with nobody left to serve. Found by explore-nas-volume seeds 3608
// and 4130 (a box crash, then the NAS down while the VIP moves).
TEST(VolumeFencing, AReplicasProbeDoesNotRaiseTheVolumesTerm) {
  NasSite site;
  site.svc("s001-a").set_vip_held(true);
  ASSERT_EQ(write_through(site, "s001-a", 1, 1), DataStatus::ok);
  site.net.partition("s001-b", "nas.s001");
  site.svc("s001-b").set_vip_held(true);  // a reign that never reaches the NAS
  site.client().write("s001-b", 2, 2);
  site.net.run_for(Duration::seconds(5));  // unanswered: b finds the volume unreachable
  site.svc("s001-b").set_vip_held(false);
  ASSERT_GT(site.svc("s001-b").term(), site.svc("s001-a").term());
  site.net.heal("s001-b", "nas.s001");
  site.net.run_for(Duration::seconds(5));  // b's probes reach the NAS again
  EXPECT_EQ(site.volume()->current_term(), site.svc("s001-a").term())
      << "a replica's probe moved the volume's term";
  EXPECT_EQ(write_through(site, "s001-a", 3, 3), DataStatus::ok);
  EXPECT_TRUE(site.svc("s001-a").primary());
}

}  // namespace
}  // namespace edgetwin::testing
