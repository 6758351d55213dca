#pragma once
// A site of two boxes and the cloud on the test network, with the firmware's real agents.
#include <memory>
#include <string>

#include "edgetwin/firmware/box_agent.hpp"
#include "edgetwin/firmware/cloud_agent.hpp"
#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {

inline fw::BoxConfig box_config(const std::string& name, const std::string& peer,
                                const fw::HeartbeatTiming& timing) {
  fw::BoxConfig c;
  c.name = name;
  c.site = "s001";
  c.ip = name == "s001-a" ? "192.168.1.11" : "192.168.1.12";
  c.hardware = {40, 256, 480};
  c.peers = {fw::Address{peer}};
  c.timing = timing;
  return c;
}

// The same box with VRRP on (VRID 1, 1 s adverts, VIP 192.168.2.1) at `priority`.
inline fw::BoxConfig ha_box_config(const std::string& name, const std::string& peer, int priority,
                                   const fw::HeartbeatTiming& timing) {
  fw::BoxConfig c = box_config(name, peer, timing);
  c.ha.enabled = true;
  c.ha.vrrp.vrid = 1;
  c.ha.vrrp.priority = static_cast<std::uint8_t>(priority);
  c.ha.vrrp.advert_interval = fw::Duration::seconds(1);
  c.ha.vrrp.vip = "192.168.2.1";
  c.ha.vrrp.primary_ip = c.ip;
  c.ha.vrrp.peers = {{{peer}, peer == "s001-a" ? "192.168.1.11" : "192.168.1.12"}};
  return c;
}

struct SiteFixture {
  explicit SiteFixture(fw::HeartbeatTiming timing = {}, std::uint64_t seed = 1)
      : network(seed), timing(timing) {
    for (auto [self, peer] : {std::pair{"s001-a", "s001-b"}, std::pair{"s001-b", "s001-a"}}) {
      network.add_node(self, [this, self, peer](fw::Platform& p) {
        return std::make_unique<fw::BoxAgent>(p, box_config(self, peer, this->timing));
      });
    }
    network.add_node("cloud", [this](fw::Platform& p) {
      return std::make_unique<fw::CloudAgent>(
          p, std::vector<fw::CloudInventoryEntry>{{"s001-a", "s001"}, {"s001-b", "s001"}},
          this->timing.cloud_timeout);
    });
  }

  void power_on_all() {
    for (const char* n : {"cloud", "s001-a", "s001-b"}) network.node(n).power_on();
  }
  TestPlatform& a() { return network.node("s001-a"); }
  TestPlatform& b() { return network.node("s001-b"); }
  TestPlatform& cloud() { return network.node("cloud"); }
  fw::BoxAgent& agent_a() { return static_cast<fw::BoxAgent&>(*a().agent()); }
  fw::BoxAgent& agent_b() { return static_cast<fw::BoxAgent&>(*b().agent()); }
  fw::CloudAgent& cloud_agent() { return static_cast<fw::CloudAgent&>(*cloud().agent()); }

  TestNetwork network;
  fw::HeartbeatTiming timing;
};

}  // namespace edgetwin::testing
