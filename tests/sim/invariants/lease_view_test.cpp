// lease_within_grantor_view: when a grantor acts on its view that a box's lease ended, that box
// must no longer count a grant from it. The monitor reads the holders' lease state through a
// callback; these tests feed it events and a hand-made lease state, and start no simulation.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "edgetwin/sim/invariants/invariant_monitor.hpp"

namespace edgetwin::sim {
namespace {

model::Fleet two_box_site() {
  model::Fleet fleet;
  model::Site site;
  site.name = "s001";
  for (const char* name : {"s001-a", "s001-b"}) {
    model::Box box;
    box.name = name;
    site.boxes.push_back(box);
  }
  fleet.sites.push_back(site);
  return fleet;
}

LoggedEvent event(double t, nlohmann::ordered_json line) {
  line["t"] = t;
  return {t, line.value("kind", ""), std::move(line)};
}

// (holder, grantor) pairs for which the holder still counts a live grant.
struct Grants {
  std::set<std::pair<std::string, std::string>> live;
  InvariantMonitor::CountsGrant lookup() {
    return [this](const std::string& holder, const std::string& grantor) {
      return live.contains({holder, grantor});
    };
  }
};

TEST(LeaseWithinGrantorView, APeerThatClaimsWhileItsGrantIsStillCountedIsAViolation) {
  Grants grants;
  InvariantMonitor monitor(two_box_site(), nullptr, {}, grants.lookup());
  grants.live.insert({"s001-a", "s001-b"});
  monitor.observe(event(10, {{"site", "s001"}, {"box", "s001-b"}, {"kind", "vip.claim"}}));
  ASSERT_EQ(monitor.count(), 1u);
  EXPECT_EQ(monitor.violations()[0].invariant, "lease_within_grantor_view");
  EXPECT_EQ(monitor.violations()[0].site, "s001");
}

TEST(LeaseWithinGrantorView, AClaimAfterThePeersCountEndedIsFine) {
  Grants grants;
  InvariantMonitor monitor(two_box_site(), nullptr, {}, grants.lookup());
  grants.live.insert({"s001-a", "nas.s001"});  // a grant from someone else does not matter
  monitor.observe(event(10, {{"site", "s001"}, {"box", "s001-b"}, {"kind", "vip.claim"}}));
  EXPECT_EQ(monitor.count(), 0u);
}

TEST(LeaseWithinGrantorView, AWitnessHandoverWhileThePreviousHolderStillCountsIsAViolation) {
  Grants grants;
  InvariantMonitor monitor(two_box_site(), nullptr, {}, grants.lookup());
  const nlohmann::ordered_json handover{{"site", "s001"},      {"by", "nas"},
                                        {"kind", "lease.handover"}, {"holder", "s001-b"},
                                        {"previous", "s001-a"}};
  monitor.observe(event(5, handover));
  EXPECT_EQ(monitor.count(), 0u);
  grants.live.insert({"s001-a", "nas.s001"});
  monitor.observe(event(9, handover));
  EXPECT_EQ(monitor.count(), 1u);
  // The cloud as witness is the node "cloud".
  grants.live = {{"s001-a", "cloud"}};
  nlohmann::ordered_json by_cloud = handover;
  by_cloud["by"] = "cloud";
  monitor.observe(event(12, by_cloud));
  EXPECT_EQ(monitor.count(), 2u);
}

}  // namespace
}  // namespace edgetwin::sim
