#include "edgetwin/model/topology.hpp"

#include <gtest/gtest.h>

namespace edgetwin::model {
namespace {

using Links = std::vector<std::string>;

Fleet two_sites() {
  Fleet fleet;
  for (const std::string site : {"s001", "s002"}) {
    Site s;
    s.name = site;
    s.boxes = {{site + "-a", "edgebox", "", 150}, {site + "-b", "edgebox", "", 100}};
    fleet.sites.push_back(s);
  }
  return fleet;
}

TEST(Topology, CountsVerticesAndLinks) {
  const Topology topology(two_sites());
  EXPECT_EQ(topology.vertex_count(), 8u);  // internet, cloud, 2 switches, 4 boxes
  EXPECT_EQ(topology.link_count(), 7u);    // egress, 2 wan, 4 lan
}

TEST(Topology, CutWanKeepsPeerButLosesCloud) {
  const Topology topology(two_sites());
  const FailureSet cut{{}, {"wan:s001"}};
  EXPECT_TRUE(topology.reachable("s001-a", "s001-b", cut));
  EXPECT_FALSE(topology.reachable("s001-a", "cloud", cut));
  EXPECT_FALSE(topology.reachable("s001-a", "s002-a", cut));
  EXPECT_TRUE(topology.reachable("s002-a", "cloud", cut));
  EXPECT_TRUE(topology.reachable("s001-a", "cloud"));
}

TEST(Topology, DeadBoxIsUnreachableAndReachesNothing) {
  const Topology topology(two_sites());
  const FailureSet dead{{"s001-b"}, {}};
  EXPECT_FALSE(topology.reachable("s001-a", "s001-b", dead));
  EXPECT_FALSE(topology.reachable("s001-b", "cloud", dead));
  EXPECT_TRUE(topology.reachable("s001-a", "cloud", dead));
}

TEST(Topology, DeadSwitchIsolatesTheSite) {
  const Topology topology(two_sites());
  const FailureSet dead{{"switch:s001"}, {}};
  EXPECT_FALSE(topology.reachable("s001-a", "s001-b", dead));
  EXPECT_TRUE(topology.reachable("s002-a", "s002-b", dead));
}

TEST(Topology, CutEgressKeepsSitesTalkingToEachOther) {
  const Topology topology(two_sites());
  const FailureSet cut{{}, {"egress"}};
  EXPECT_FALSE(topology.reachable("s002-b", "cloud", cut));
  EXPECT_TRUE(topology.reachable("s001-a", "s002-b", cut));
}

TEST(Topology, UnknownVertexIsNeverReachable) {
  const Topology topology(two_sites());
  EXPECT_FALSE(topology.reachable("s001-a", "s404-a"));
  EXPECT_TRUE(topology.reachable("s001-a", "s001-a"));
}

TEST(Topology, PathLinks) {
  const Topology topology(two_sites());
  EXPECT_EQ(topology.path_links("s001-a", "s001-b"), (Links{"lan:s001-a", "lan:s001-b"}));
  EXPECT_EQ(topology.path_links("s001-a", "cloud"), (Links{"lan:s001-a", "wan:s001", "egress"}));
  EXPECT_EQ(topology.path_links("cloud", "s002-b"), (Links{"egress", "wan:s002", "lan:s002-b"}));
  EXPECT_EQ(topology.path_links("s001-a", "s002-b"),
            (Links{"lan:s001-a", "wan:s001", "wan:s002", "lan:s002-b"}));
  EXPECT_TRUE(topology.path_links("s001-a", "s001-a").empty());
  EXPECT_TRUE(topology.path_links("s001-a", "nowhere").empty());
}

TEST(Topology, MovedTopologyStillAnswers) {
  Topology first(two_sites());
  Topology second(std::move(first));
  EXPECT_TRUE(second.reachable("s002-a", "cloud"));
}

}  // namespace
}  // namespace edgetwin::model
