#include "daemon_config.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

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
  // It grants leases to its site's boxes (its peers) only, for at most lease_max_ms.
  ASSERT_EQ(parsed.value().roster.size(), 1u);
  EXPECT_EQ(parsed.value().roster[0].site, doc["site"].get<std::string>());
  EXPECT_EQ(parsed.value().roster[0].boxes, std::vector<std::string>{"b"});
  EXPECT_EQ(parsed.value().roster[0].lease_max_ms, fw::LeaseSite::kLeaseMaxMs);
  doc["lease_max_ms"] = 2000;
  EXPECT_EQ(parse_daemon_config(doc).value().roster[0].lease_max_ms, 2000u);
  doc["lease_max_ms"] = 0;
  EXPECT_FALSE(parse_daemon_config(doc));
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
  doc["cloud"] = {{"address", "10.77.0.9:7400"}};  // and neither an enrolment nor a cloud key
  auto no_cloud_key = parse_daemon_config(doc);
  ASSERT_FALSE(no_cloud_key);
  EXPECT_NE(no_cloud_key.error().find("wire_keys.enrolment or wire_keys.cloud"), std::string::npos)
      << no_cloud_key.error();
}

// Every out-of-range value is refused with the field's path and the allowed range: none is
// wrapped (priority 300 was 44, vrid 257 was 1, tcp_port 65616 was 80), none crashes (a
// cloud interval of 0 divided by zero) or spins (a peer interval of 0), none is undefined
// behaviour (1e300 ms converted to an integer, 10^13 ms to nanoseconds).
TEST(DaemonConfigTest, OutOfRangeValuesAreRefusedWithPathAndRange) {
  struct Case {
    std::string pointer;
    nlohmann::json value;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"/vrrp/priority", 300, "/vrrp/priority: want a whole number 1..254 (255 only for"},
      {"/vrrp/priority", 255, "/vrrp/priority: want a whole number 1..254 (255 only for"},
      {"/vrrp/priority", 0, "/vrrp/priority: want a whole number 1..254"},
      {"/vrrp/priority", -1, "/vrrp/priority: want a whole number 1..254"},
      {"/vrrp/priority", 150.5, "/vrrp/priority: want a whole number 1..254"},
      {"/vrrp/priority", "150", "/vrrp/priority: want a whole number 1..254"},
      {"/vrrp/vrid", 257, "/vrrp/vrid: want a whole number 1..255, got 257"},
      {"/vrrp/vrid", 0, "/vrrp/vrid: want a whole number 1..255, got 0"},
      {"/vrrp/track_weight", 2147483647, "/vrrp/track_weight: want a whole number -254..254"},
      {"/vrrp/track_weight", -255, "/vrrp/track_weight: want a whole number -254..254"},
      {"/vrrp/advert_interval_ms", 0, "/vrrp/advert_interval_ms: want 10..40950 ms in steps of 10"},
      {"/vrrp/advert_interval_ms", 105,
       "/vrrp/advert_interval_ms: want 10..40950 ms in steps of 10"},
      {"/vrrp/advert_interval_ms", 1e300, "/vrrp/advert_interval_ms: want 10..40950 ms"},
      {"/vrrp/advert_interval_ms", 10000000000000, "/vrrp/advert_interval_ms: want 10..40950"},
      {"/vrrp/preempt_delay_ms", -1, "/vrrp/preempt_delay_ms: want 0..1000000 ms"},
      {"/vrrp/preempt_delay_ms", 1e300, "/vrrp/preempt_delay_ms: want 0..1000000 ms"},
      {"/vrrp/vip_prefix_len", 1e300, "/vrrp/vip_prefix_len: want a whole number 1..32"},
      {"/vrrp/vip_prefix_len", 33, "/vrrp/vip_prefix_len: want a whole number 1..32"},
      {"/vrrp/auth_key_hex", "0x", "/vrrp/auth_key_hex: want exactly 64 hex digits"},
      {"/vrrp/auth_key_hex", "-1", "/vrrp/auth_key_hex: want exactly 64 hex digits"},
      {"/vrrp/auth_key_hex", std::string(62, '0') + "1g",
       "/vrrp/auth_key_hex: want exactly 64 hex digits"},
      {"/vrrp/auth_key_hex", std::string(32, '0') + "0x" + std::string(30, '0'),
       "/vrrp/auth_key_hex: want exactly 64 hex digits"},
      {"/vrrp/auth_key_hex", std::string(32, '0') + "-1" + std::string(30, '0'),
       "/vrrp/auth_key_hex: want exactly 64 hex digits"},
      {"/vrrp/auth_key_hex", 12, "/vrrp/auth_key_hex: want exactly 64 hex digits"},
      {"/timing/cloud_interval_ms", 0, "/timing/cloud_interval_ms: want 1..86400000 ms, got 0"},
      {"/timing/peer_interval_ms", 0, "/timing/peer_interval_ms: want 1..86400000 ms, got 0"},
      {"/timing/peer_interval_ms", -5, "/timing/peer_interval_ms: want 1..86400000 ms"},
      {"/timing/peer_timeout_ms", 1e300, "/timing/peer_timeout_ms: want 1..86400000 ms"},
      {"/timing/cloud_timeout_ms", 10000000000000, "/timing/cloud_timeout_ms: want 1..86400000"},
      {"/timing/peer_timeout_ms", 500, "/timing/peer_timeout_ms: want more than peer_interval_ms"},
      {"/health/period_ms", 0, "/health/period_ms: want 1..86400000 ms"},
      {"/health/backoff_max_ms", 10000000000000, "/health/backoff_max_ms: want 1..86400000 ms"},
      {"/health/failure_threshold", 1e300,
       "/health/failure_threshold: want a whole number 1..1000"},
      {"/health/failure_threshold", 0, "/health/failure_threshold: want a whole number 1..1000"},
      {"/apps/0/probe/tcp_port", 65616, "/apps/0/probe/tcp_port: want a whole number 1..65535"},
      {"/apps/0/probe/tcp_port", 0, "/apps/0/probe/tcp_port: want a whole number 1..65535"},
      {"/apps/0/cpu_limit", -1, "/apps/0/cpu_limit: want a number 0..1024"},
      {"/apps/0/memory_limit_mib", 1e300, "/apps/0/memory_limit_mib: want a number 0..16777216"},
      {"/apps/0/name", 5, "/apps/0/name: want a string"},
      {"/seed", -1, "/seed: want a whole number 0..18446744073709551615"},
      {"/seed", 1.5, "/seed: want a whole number 0..18446744073709551615"},
      {"/events", 1, "/events: want a string"},
      {"/peers", nlohmann::json::object(), "/peers: want an array"},
      {"/peers/0/name", nlohmann::json::array(), "/peers/0/name: want a string"},
      {"/vrrp/preempt", "yes", "/vrrp/preempt: want true or false"},
      {"/peer_apps", nlohmann::json::array(), "/peer_apps: want an object"},
      {"/peer_apps/x", nlohmann::json::array(), "/peer_apps/x: want the name of one of /peers"},
      {"/peer_apps/b", 5, "/peer_apps/b: want an array"},
      {"/peer_apps/b", nlohmann::json::array({{{"name", "r"}}}), "/peer_apps/b/0/command: want"},
      {"/images", 5, "/images: want an object"},
      {"/images/registry", "ftp://r", "/images/registry: want an http:// or https:// URL"},
      {"/images/registry", "http://r/ x", "/images/registry: want an http:// or https:// URL"},
      {"/images/serve_port", 0, "/images/serve_port: want a whole number 1..65535"},
      {"/images/serve_port", 7400, "/images/serve_port: want a port other than listen's"},
      {"/images/pull_retry_ms", 0, "/images/pull_retry_ms: want 1..86400000 ms"},
      {"/images/pull_timeout_ms", 1e300, "/images/pull_timeout_ms: want 1..86400000 ms"},
  };
  for (const auto& c : cases) {
    auto doc = box();
    doc[nlohmann::json::json_pointer(c.pointer)] = c.value;
    auto parsed = parse_daemon_config(doc);
    ASSERT_FALSE(parsed) << c.pointer << " = " << c.value.dump();
    EXPECT_NE(parsed.error().find(c.message), std::string::npos)
        << c.pointer << " = " << c.value.dump() << ": " << parsed.error();
  }
}

// Issue 22, item 1: where the rollout's images come from, and the firmware's pull back-off.
TEST(DaemonConfigTest, ImagesNameTheRegistryTheServePortAndThePullBackOff) {
  auto doc = box();
  doc["images"] = {{"registry", "http://203.0.113.10:5000"},
                   {"serve_port", 7401},
                   {"pull_retry_ms", 1000},
                   {"pull_timeout_ms", 60000}};
  auto parsed = parse_daemon_config(doc);
  ASSERT_TRUE(parsed) << parsed.error();
  const auto& c = parsed.value();
  EXPECT_EQ(c.platform.images.registry, "http://203.0.113.10:5000");
  EXPECT_EQ(c.platform.images.serve_port, 7401);
  EXPECT_EQ(c.platform.images.timeout, fw::Duration::seconds(60));
  EXPECT_EQ(c.box.pull_retry_base, fw::Duration::seconds(1));
  auto plain = parse_daemon_config(box());
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain.value().platform.images.registry, "");
  EXPECT_EQ(plain.value().platform.images.serve_port, 0);
  EXPECT_FALSE(plain.value().box.pull_retry_base.has_value()) << "the DeployAgent's own 30 s";
}

// Issue 22, item 2: the peer's stateless replicas are the failover plan's, launchable here but
// not started at boot.
TEST(DaemonConfigTest, PeerAppsBecomeTheFailoverPlacement) {
  auto doc = box();
  doc["peer_apps"] = {{"b", {{{"name", "report-0"}, {"command", {"/bin/report", "8090"}}}}}};
  doc["failover"] = {{"giveback_delay_ms", 3000}, {"cpus", 2}};
  auto parsed = parse_daemon_config(doc);
  ASSERT_TRUE(parsed) << parsed.error();
  const auto& c = parsed.value();
  ASSERT_TRUE(c.box.failover.has_value());
  const auto& f = *c.box.failover;
  EXPECT_EQ(f.self, "a");
  ASSERT_EQ(f.placement.at("b").size(), 1u);
  EXPECT_EQ(f.placement.at("b")[0].name, "report-0");
  EXPECT_EQ(f.placement.at("a").size(), c.apps.size());
  EXPECT_EQ(f.giveback_delay, edgetwin::fw::Duration::seconds(3));
  EXPECT_EQ(f.capacity.cpu, 2);
  for (const auto& spec : c.apps) EXPECT_NE(spec.name, "report-0") << "not started at boot";
  const auto& launches = c.platform.runtime.apps;
  EXPECT_TRUE(std::any_of(launches.begin(), launches.end(),
                          [](const auto& a) { return a.spec.name == "report-0"; }));
}

// Issue 22, item 3: a database server under the firmware's data HA is a replicated data
// service of the firmware (its role follows the VIP) and a server for the data runtime.
nlohmann::json mariadb_entry() {
  return {{"app", "mysql"},
          {"engine", "mariadb"},
          {"rank", 1},
          {"socket", "/run/mysqld.sock"},
          {"peer", "10.0.0.2:3306"},
          {"replication", {{"user", "repl"}, {"password", "pw"}}},
          {"client_user", "app"},
          {"semi_sync_timeout_ms", 2000}};
}

TEST(DaemonConfigTest, DataServersBecomeTheFirmwaresDataServices) {
  auto doc = box();
  doc["data"] = {mariadb_entry()};
  auto parsed = parse_daemon_config(doc);
  ASSERT_TRUE(parsed) << parsed.error();
  const auto& c = parsed.value();
  ASSERT_EQ(c.box.data.size(), 1u);
  EXPECT_EQ(c.box.data[0].app, "mysql");
  EXPECT_EQ(c.box.data[0].engine, "mysql-ha");
  EXPECT_EQ(c.box.data[0].semi_sync_timeout, edgetwin::fw::Duration::seconds(2));
  ASSERT_TRUE(c.box.data[0].replica.has_value());
  EXPECT_EQ(c.box.data[0].replica->node, "b");
  ASSERT_EQ(c.data.size(), 1u);
  EXPECT_EQ(c.data[0].peer_host, "10.0.0.2");
  EXPECT_EQ(c.data[0].replication_password, "pw");
}

TEST(DaemonConfigTest, DataServerMistakesAreRefusedWithPath) {
  const std::vector<std::pair<std::function<void(nlohmann::json&)>, std::string>> cases = {
      {[](auto& e) { e["engine"] = "postgres"; }, "/data/0/engine: want mariadb or redis"},
      {[](auto& e) { e["rank"] = 16; }, "/data/0/rank: want a whole number 1..15"},
      {[](auto& e) { e.erase("rank"); }, "/data/0/rank: missing"},
      {[](auto& e) { e["peer"] = "b:3306"; }, "/data/0/peer: want a.b.c.d:port"},
      {[](auto& e) { e["replication"]["password"] = "x'; DROP"; },
       "/data/0/replication/password: want 1..64 of A-Z a-z 0-9 _ - ."},
      {[](auto& e) { e["client_user"] = "a b"; }, "/data/0/client_user: want 1..64 of"},
      {[](auto& e) { e.erase("replication"); }, "/data/0/replication: missing"},
      {[](auto& e) { e["semi_sync_timeout_ms"] = 0; },
       "/data/0/semi_sync_timeout_ms: want 1..86400000"},
      {[](auto& e) { e["engine"] = "redis"; }, "/data/0/port: missing"},
  };
  for (const auto& [change, message] : cases) {
    auto doc = box();
    auto entry = mariadb_entry();
    change(entry);
    doc["data"] = {entry};
    auto parsed = parse_daemon_config(doc);
    ASSERT_FALSE(parsed) << message;
    EXPECT_NE(parsed.error().find(message), std::string::npos) << parsed.error();
  }
}

TEST(DaemonConfigTest, BoundaryValuesAreAccepted) {
  auto doc = box();
  doc["vrrp"]["priority"] = 254;
  doc["vrrp"]["vrid"] = 255;
  doc["vrrp"]["track_weight"] = -254;
  doc["vrrp"]["advert_interval_ms"] = 40950;
  doc["vrrp"]["auth_key_hex"] = "00112233445566778899aabbccddeeffFFEEDDCCBBAA99887766554433221100";
  doc["apps"][0]["probe"]["tcp_port"] = 65535;
  doc["timing"] = {{"peer_interval_ms", 1},
                   {"peer_timeout_ms", 86400000},
                   {"cloud_interval_ms", 10},
                   {"cloud_timeout_ms", 30}};
  auto parsed = parse_daemon_config(doc);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed.value().box.ha.vrrp.vrid, 255);
  EXPECT_EQ(parsed.value().box.ha.vrrp.priority, 254);
  EXPECT_EQ(parsed.value().platform.runtime.apps[0].probe_tcp_port, 65535);
  ASSERT_TRUE(parsed.value().box.ha.vrrp.auth_key);
  EXPECT_EQ((*parsed.value().box.ha.vrrp.auth_key)[31], 0x00);
  EXPECT_EQ((*parsed.value().box.ha.vrrp.auth_key)[16], 0xff);
}

TEST(DaemonConfigTest, TheAddressOwnerMayHavePriority255) {
  auto doc = box();
  doc["vrrp"]["vip"] = "10.77.0.1";  // this box's own address
  doc["vrrp"]["priority"] = 255;
  auto parsed = parse_daemon_config(doc);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed.value().box.ha.vrrp.priority, 255);
}

class DaemonConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("edgeboxd-config-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // box() with its site key in a real key file (0600, as edgeboxd demands), so that loading
  // the file gets past the key to what the test is about.
  nlohmann::json box_with_key_file() {
    const auto key = (dir_ / "site.key").string();
    std::ofstream(key) << std::string(64, 'b') << "\n";
    ::chmod(key.c_str(), 0600);
    auto doc = box();
    doc["wire_keys"]["site"] = key;
    return doc;
  }

  std::string write(const std::string& text, mode_t mode) {
    const auto path = (dir_ / "edgeboxd.json").string();
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(DaemonConfigFileTest, AConfigHoldingAKeyMustNotBeReadableByOthers) {
  auto doc = box_with_key_file();
  doc["vrrp"]["auth_key_hex"] = std::string(64, 'a');
  for (const mode_t mode : {0644, 0640, 0604, 0660}) {
    auto parsed = load_daemon_config(write(doc.dump(), mode));
    ASSERT_FALSE(parsed) << std::oct << mode;
    EXPECT_NE(parsed.error().find("chmod 600"), std::string::npos) << parsed.error();
  }
  EXPECT_TRUE(load_daemon_config(write(doc.dump(), 0600)));
  EXPECT_TRUE(load_daemon_config(write(box_with_key_file().dump(), 0644)));  // no key inside
}

// A box out of the factory has its enrolment key only: `edgeboxd setup` activates with it, and
// the cloud-link key the cloud issues (kept in state_dir) is what the daemon then talks with.
TEST_F(DaemonConfigFileTest, AnEnrolmentKeyAloneIsEnoughForACloudEndpoint) {
  const auto enrolment = (dir_ / "enrolment.key").string();
  std::ofstream(enrolment) << std::string(64, 'e') << "\n";
  ::chmod(enrolment.c_str(), 0600);
  auto doc = box_with_key_file();
  doc["cloud"] = {{"address", "10.77.0.9:7400"}};
  doc["wire_keys"]["enrolment"] = enrolment;
  auto parsed = load_daemon_config(write(doc.dump(), 0600));
  ASSERT_TRUE(parsed) << parsed.error();
  ASSERT_TRUE(parsed.value().box.keys.enrolment);
  EXPECT_EQ(parsed.value().box.keys.enrolment->front(), 0xee);
  EXPECT_FALSE(parsed.value().box.keys.cloud) << "issued at activation, not configured";
  ::chmod(enrolment.c_str(), 0644);
  auto exposed = load_daemon_config(write(doc.dump(), 0600));
  ASSERT_FALSE(exposed);
  EXPECT_NE(exposed.error().find("wire_keys.enrolment"), std::string::npos) << exposed.error();
}

TEST_F(DaemonConfigFileTest, HostileFilesAreRefusedWithAMessage) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"seed\": 1e999}", "not valid JSON"},
      {std::string(20000, '[') + std::string(20000, ']'), "nested deeper than 64"},
      {"{\"x\": \"" + std::string(2u << 20, 'a') + "\"}", "larger than 1 MiB"},
      {"{\"format\": \"edgeboxd.config/v1\", \"name\": ", "not valid JSON"},
  };
  for (const auto& [text, message] : cases) {
    auto parsed = load_daemon_config(write(text, 0600));
    ASSERT_FALSE(parsed) << message;
    EXPECT_NE(parsed.error().find(message), std::string::npos) << parsed.error().substr(0, 200);
  }
  auto deep = box_with_key_file();
  deep["apps"][0]["x"] = nlohmann::json::parse(std::string(60, '[') + std::string(60, ']'));
  EXPECT_TRUE(load_daemon_config(write(deep.dump(), 0600)));
}

struct Command {
  int status = -1;
  std::string out;
};

Command edgeboxd(const std::string& args) {
  Command r;
  FILE* pipe = ::popen((std::string(EDGEBOXD_BIN) + " " + args + " 2>/dev/null").c_str(), "r");
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) r.out.append(buf.data(), n);
  const int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

TEST(EdgeboxdCommand, HelpPrintsUsageOnStdoutAndExitsZero) {
  for (const char* flag : {"--help", "-h"}) {
    const Command r = edgeboxd(flag);
    EXPECT_EQ(r.status, 0) << flag;
    EXPECT_NE(r.out.find("usage: edgeboxd"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--check-config"), std::string::npos) << r.out;
  }
  EXPECT_EQ(edgeboxd("--no-such-flag").status, 2);
  EXPECT_EQ(edgeboxd("").status, 2);
}

TEST_F(DaemonConfigFileTest, CheckConfigExitsTwoWithTheFieldAndZeroWhenValid) {
  auto doc = box_with_key_file();
  EXPECT_EQ(edgeboxd("--check-config " + write(doc.dump(), 0600)).status, 0);
  doc["timing"] = {{"cloud_interval_ms", 0}};
  EXPECT_EQ(edgeboxd("--check-config " + write(doc.dump(), 0600)).status, 2);
}

}  // namespace
}  // namespace edgetwin::edgeboxd
