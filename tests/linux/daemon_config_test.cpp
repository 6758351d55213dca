#include "daemon_config.hpp"

#include <gtest/gtest.h>

namespace edgetwin::edgeboxd {
namespace {

nlohmann::json box() {
  return nlohmann::json::parse(R"({
    "format": "edgeboxd.config/v1", "role": "box", "name": "a", "site": "s001",
    "listen": "10.77.0.1:7400", "interface": "eth0", "state_dir": "/tmp/x", "seed": 7,
    "peers": [ { "name": "b", "address": "10.77.0.2:7400" } ],
    "witness": { "name": "w", "address": "10.77.0.3:7400" },
    "vrrp": { "priority": 150, "advert_interval_ms": 100, "vip": "10.77.0.100", "preempt": false },
    "health": { "period_ms": 1000, "timeout_ms": 500 },
    "wire_keys": { "site": "/etc/edgebox/site.key" },
    "apps": [ { "name": "hello-0", "app": "hello", "command": ["hello"], "priority": "critical",
                "probe": { "tcp_port": 8080 }, "cpu_limit": 0.5, "memory_limit_mib": 64 } ]
  })");
}

TEST(DaemonConfigTest, ABoxBecomesTheFirmwaresConfiguration) {
  auto parsed = parse_daemon_config(box());
  ASSERT_TRUE(parsed) << parsed.error();
  const DaemonConfig& c = parsed.value();
  EXPECT_EQ(c.role, Role::box);
  EXPECT_EQ(c.box.name, "a");
  EXPECT_TRUE(c.box.ha.enabled);
  EXPECT_EQ(c.box.ha.vrrp.priority, 150);
  EXPECT_EQ(c.box.ha.vrrp.advert_interval, fw::Duration::milliseconds(100));
  EXPECT_FALSE(c.box.ha.vrrp.preempt);
  EXPECT_EQ(c.box.ha.vrrp.primary_ip, "10.77.0.1");
  ASSERT_EQ(c.box.ha.vrrp.peers.size(), 1u);
  EXPECT_EQ(c.box.ha.vrrp.peers[0].ip, "10.77.0.2");
  EXPECT_EQ(c.box.ha.witness, fw::Address{"w"});
  EXPECT_EQ(c.platform.endpoints.size(), 2u);   // b and w
  EXPECT_EQ(c.platform.vrrp_peers.size(), 1u);  // b only: the witness takes no part in VRRP
  EXPECT_EQ(c.platform.seed, 7u);
  ASSERT_EQ(c.apps.size(), 1u);
  EXPECT_EQ(c.apps[0].priority, "critical");
  EXPECT_EQ(c.platform.runtime.apps[0].probe_tcp_port, 8080);
  EXPECT_EQ(c.platform.runtime.probe_timeout, fw::Duration::milliseconds(500));
  EXPECT_EQ(c.key_files.site, "/etc/edgebox/site.key");
}

TEST(DaemonConfigTest, AWitnessHasNoVrrp) {
  auto doc = box();
  doc["role"] = "witness";
  auto parsed = parse_daemon_config(doc);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed.value().role, Role::witness);
  EXPECT_TRUE(parsed.value().platform.vrrp_peers.empty());
}

TEST(DaemonConfigTest, MistakesAreReportedNotGuessed) {
  const std::vector<std::pair<std::string, nlohmann::json>> cases = {
      {"/listen", "10.77.0.1"},
      {"/vrrp/priority", 0},
      {"/vrrp/advert_interval_ms", 5},
      {"/vrrp/vip", "10.77.0.300"},
      {"/role", "router"},
      {"/health/timeout_ms", 1000},
      {"/apps/0/command", nlohmann::json::array()},
      {"/peers/0/address", "b:7400"},
  };
  for (const auto& [pointer, value] : cases) {
    auto doc = box();
    doc[nlohmann::json::json_pointer(pointer)] = value;
    auto parsed = parse_daemon_config(doc);
    EXPECT_FALSE(parsed) << pointer;
  }
  auto doc = box();
  doc.erase("name");
  EXPECT_FALSE(parse_daemon_config(doc));
  doc = box();
  doc.erase("wire_keys");  // a box without keys could not talk to anyone
  EXPECT_FALSE(parse_daemon_config(doc));
  doc = box();
  doc["cloud"] = {{"address", "10.77.0.9:7400"}};  // and no cloud key
  EXPECT_FALSE(parse_daemon_config(doc));
}

}  // namespace
}  // namespace edgetwin::edgeboxd
