// The platform built from a fleet has the routes the HA timings depend on.
#include <gtest/gtest.h>

#include <simgrid/s4u.hpp>

#include "edgetwin/model/fleet_io.hpp"
#include "edgetwin/sim/engine/fleet_platform.hpp"

namespace edgetwin::sim {
namespace {
namespace sg4 = simgrid::s4u;

struct Route {
  std::vector<std::string> links;
  double latency_s = 0;
};

Route route(const sg4::Host* from, const sg4::Host* to) {
  std::vector<sg4::Link*> links;
  double latency = 0;
  from->route_to(to, links, &latency);
  Route r{{}, latency};
  for (auto* l : links) r.links.push_back(l->get_name());
  return r;
}

TEST(FleetPlatform, PeerIsOneLanHopAndCloudIsLanWanEgress) {
  int argc = 2;
  char arg0[] = "routes_test", arg1[] = "--cfg=network/model:CM02";
  char* argv[] = {arg0, arg1, nullptr};
  sg4::Engine engine(&argc, argv);
  auto fleet = model::load_fleet_file(EDGETWIN_SCENARIOS "/two-site.fleet.json");
  ASSERT_TRUE(fleet.ok());
  const auto p = build_fleet_platform(*fleet.value);
  const auto& s001 = *fleet.value->find_site("s001");
  const auto& s002 = *fleet.value->find_site("s002");

  const Route peer = route(p.boxes.at("s001-a"), p.boxes.at("s001-b"));
  EXPECT_EQ(peer.links, std::vector<std::string>{"lan:s001"});
  EXPECT_NEAR(peer.latency_s, s001.lan.latency_ms / 1000, 1e-12);

  const Route up = route(p.boxes.at("s002-b"), p.cloud);
  EXPECT_EQ(up.links, (std::vector<std::string>{"lan:s002", "wan:s002", "egress"}));
  EXPECT_NEAR(up.latency_s,
              (s002.lan.latency_ms + s002.wan.latency_ms + fleet.value->cloud.latency_ms) / 1000,
              1e-12);
  const Route down = route(p.cloud, p.boxes.at("s001-a"));
  EXPECT_EQ(down.links, (std::vector<std::string>{"egress", "wan:s001", "lan:s001"}));

  const Route across = route(p.boxes.at("s001-a"), p.boxes.at("s002-a"));
  EXPECT_EQ(across.links, (std::vector<std::string>{"lan:s001", "wan:s001", "wan:s002", "lan:s002"}));
}

}  // namespace
}  // namespace edgetwin::sim
