#include "edgetwin/firmware/ha/service_failover.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

// The firmware of box s001-a reduced to failover; the tests play the peer monitor's verdicts.
class FailoverAgent final : public fw::Agent {
 public:
  FailoverAgent(fw::Platform& platform, fw::FailoverConfig config)
      : failover_(platform, std::move(config)) {}
  void boot() override {}
  void on_datagram(const fw::Address&, fw::Channel, std::span<const std::byte>) override {}
  fw::ServiceFailover& failover() { return failover_; }

 private:
  fw::ServiceFailover failover_;
};

struct Replica {
  std::string name;
  double cpu = 1;
  std::string priority{};
  bool stateless = true;
  int gpu = 0;
};

fw::ContainerSpec spec(const Replica& r) {
  fw::ContainerSpec s;
  s.name = r.name;
  s.app = r.name.substr(0, r.name.find('-'));
  s.cpu_request = r.cpu;
  s.cpu_limit = r.cpu;
  s.memory_request_mib = 512;
  s.memory_limit_mib = 512;
  s.gpu = r.gpu;
  s.priority = r.priority;
  s.stateless = r.stateless;
  return s;
}

using Placement = std::map<std::string, std::vector<Replica>>;

// Box s001-a of a site whose desired placement is given; a's own replicas run from the start.
struct Site {
  Site(const Placement& placement, fw::Resources capacity, Duration takeover_delay = {}) {
    config.self = "s001-a";
    config.capacity = capacity;
    config.takeover_delay = takeover_delay;
    for (const auto& [box, replicas] : placement)
      for (const auto& r : replicas) config.placement[box].push_back(spec(r));
    node = &network.add_node(
        "s001-a", [this](fw::Platform& p) { return std::make_unique<FailoverAgent>(p, config); });
    for (const auto& s : config.placement["s001-a"]) node->test_runtime().start(s);
    node->power_on();
  }
  fw::ServiceFailover& failover() { return static_cast<FailoverAgent&>(*node->agent()).failover(); }
  TestRuntime& runtime() { return node->test_runtime(); }
  std::vector<std::string> names(std::string_view kind) const {
    std::vector<std::string> out;
    for (const auto& e : node->recorded(kind)) out.push_back(e.fields["container"]);
    return out;
  }
  void settle() { network.run_for(Duration::milliseconds(1)); }

  fw::FailoverConfig config;
  TestNetwork network;
  TestPlatform* node = nullptr;
};

const fw::Resources kRoomy{16, 16384, 0};

TEST(ServiceFailover, PeerDownStartsItsStatelessReplicasHereCriticalFirst) {
  Site site({{"s001-a", {{"web-0"}}},
             {"s001-b", {{"web-1"}, {"db-1", 1, "critical", false}, {"api-1", 1, "critical"}}}},
            kRoomy);
  site.failover().on_peer_down("s001-b");
  site.settle();
  EXPECT_EQ(site.names("service.adopt"), (std::vector<std::string>{"api-1", "web-1"}));
  EXPECT_TRUE(site.runtime().running("api-1"));
  EXPECT_TRUE(site.runtime().running("web-1"));
  EXPECT_FALSE(site.runtime().running("db-1"));  // stateful: never adopted
  auto unplaced = site.node->recorded("service.unplaced");
  ASSERT_EQ(unplaced.size(), 1u);
  EXPECT_EQ(unplaced[0].fields["container"], "db-1");
  EXPECT_EQ(unplaced[0].fields["reason"], "stateful");
  auto adopt = site.node->recorded("service.adopt");
  EXPECT_EQ(adopt[0].fields["from"], "s001-b");
  EXPECT_EQ(adopt[0].fields["reason"], "peer_down");
  EXPECT_EQ(site.failover().adopted().at("web-1"), "s001-b");
  EXPECT_TRUE(site.names("service.evict").empty());
}

TEST(ServiceFailover, TakeoverWaitsForTheConfiguredDelay) {
  Site site({{"s001-b", {{"web-1"}}}}, kRoomy, Duration::seconds(5));
  site.failover().on_peer_down("s001-b");
  site.network.run_for(Duration::milliseconds(4999));
  EXPECT_FALSE(site.runtime().running("web-1"));
  site.network.run_for(Duration::milliseconds(1));
  EXPECT_TRUE(site.runtime().running("web-1"));
}

TEST(ServiceFailover, PeerBackBeforeTheTakeoverDelayMovesNothing) {
  Site site({{"s001-b", {{"web-1"}}}}, kRoomy, Duration::seconds(5));
  site.failover().on_peer_down("s001-b");
  site.network.run_for(Duration::seconds(2));
  site.failover().on_peer_up("s001-b");
  site.network.run_for(Duration::seconds(120));
  EXPECT_TRUE(site.names("service.adopt").empty());
  EXPECT_TRUE(site.names("service.evict").empty());
}

TEST(ServiceFailover, OnlyWhatFitsIsStartedAndTheRestIsReportedUnplaced) {
  // a: 4 CPUs, 3 used by its own replicas; b's replicas need 1, 2 and a GPU.
  Site site({{"s001-a", {{"api-0", 3, "critical"}}},
             {"s001-b", {{"web-1", 1}, {"video-1", 2}, {"ocr-1", 0.5, "", true, 1}}}},
            {4, 16384, 0});
  site.failover().on_peer_down("s001-b");
  site.settle();
  EXPECT_EQ(site.names("service.adopt"), std::vector<std::string>{"web-1"});
  EXPECT_EQ(site.names("service.unplaced"), (std::vector<std::string>{"video-1", "ocr-1"}));
  EXPECT_EQ(site.node->recorded("service.unplaced")[0].fields["reason"], "no_capacity");
  EXPECT_NEAR(site.failover().free_capacity().cpu, 0, 1e-9);
}

TEST(ServiceFailover, NothingStartedWhenNothingFits) {
  Site site({{"s001-a", {{"api-0", 4, "critical"}}},
             {"s001-b", {{"api-1", 2, "critical"}, {"web-1", 1}}}},
            {4, 16384, 0});
  site.failover().on_peer_down("s001-b");
  site.settle();
  EXPECT_TRUE(site.names("service.adopt").empty());
  EXPECT_TRUE(site.names("service.evict").empty());  // a critical replica is never a victim
  EXPECT_EQ(site.names("service.unplaced"), (std::vector<std::string>{"api-1", "web-1"}));
  EXPECT_TRUE(site.runtime().running("api-0"));
  EXPECT_EQ(site.runtime().containers().size(), 1u);
}

TEST(ServiceFailover, ACriticalReplicaEvictsANonCriticalOneWhenCapacityIsShort) {
  // a: 4 CPUs; own api-0 (critical, 1) and web-0 (2): 1 free. b's api-1 (critical) needs 2.
  Site site({{"s001-a", {{"api-0", 1, "critical"}, {"web-0", 2}}},
             {"s001-b", {{"api-1", 2, "critical"}, {"web-1", 2}}}},
            {4, 16384, 0});
  site.failover().on_peer_down("s001-b");
  site.settle();
  auto evict = site.node->recorded("service.evict");
  ASSERT_EQ(evict.size(), 1u);
  EXPECT_EQ(evict[0].fields["container"], "web-0");
  EXPECT_EQ(evict[0].fields["reason"], "make_room");
  EXPECT_EQ(evict[0].fields["for"], "api-1");
  EXPECT_EQ(site.names("service.adopt"), std::vector<std::string>{"api-1"});
  EXPECT_EQ(site.names("service.unplaced"), std::vector<std::string>{"web-1"});
  EXPECT_TRUE(site.runtime().running("api-0"));
  EXPECT_TRUE(site.runtime().running("api-1"));
  EXPECT_FALSE(site.runtime().running("web-0"));
  EXPECT_EQ(site.failover().evicted(), std::vector<std::string>{"web-0"});
}

TEST(ServiceFailover, AdoptedReplicasAreEvictedBeforeOwnOnesAndOnlyIfTheyHelp) {
  // Three boxes. c died first: a adopted its cache-2 and ocr-2. Then b dies: its critical
  // api-1 needs a GPU, and a's two GPUs are taken.
  Site site({{"s001-a", {{"web-0", 1}, {"ocr-0", 1, "", true, 1}}},
             {"s001-b", {{"api-1", 1, "critical", true, 1}}},
             {"s001-c", {{"cache-2", 1}, {"ocr-2", 1, "", true, 1}}}},
            {8, 16384, 2});
  site.failover().on_peer_down("s001-c");
  site.settle();
  EXPECT_EQ(site.names("service.adopt"), (std::vector<std::string>{"cache-2", "ocr-2"}));
  site.failover().on_peer_down("s001-b");
  site.settle();
  // Only the GPU is short: cache-2 (first by name) frees none and is spared; ocr-2 goes, as an
  // adopted replica before a's own ocr-0.
  EXPECT_EQ(site.names("service.evict"), std::vector<std::string>{"ocr-2"});
  EXPECT_TRUE(site.runtime().running("api-1"));
  EXPECT_TRUE(site.runtime().running("ocr-0"));
  EXPECT_TRUE(site.runtime().running("cache-2"));
  EXPECT_FALSE(site.failover().adopted().contains("ocr-2"));
  EXPECT_TRUE(site.failover().evicted().empty());  // an adopted victim is not brought back
}

TEST(ServiceFailover, ReplicasAreGivenBackAfterTheGivebackDelayNotBefore) {
  Site site({{"s001-a", {{"api-0", 1, "critical"}, {"web-0", 2}}},
             {"s001-b", {{"api-1", 2, "critical"}}}},
            {4, 16384, 0});
  site.failover().on_peer_down("s001-b");
  site.network.run_for(Duration::seconds(100));
  ASSERT_TRUE(site.runtime().running("api-1"));
  site.failover().on_peer_up("s001-b");
  site.network.run_for(Duration::seconds(59));
  EXPECT_TRUE(site.runtime().running("api-1"));
  EXPECT_FALSE(site.runtime().running("web-0"));
  site.network.run_for(Duration::seconds(1));
  EXPECT_FALSE(site.runtime().running("api-1"));
  EXPECT_TRUE(site.runtime().running("web-0"));  // evicted for b's replica: restarted
  auto evict = site.node->recorded("service.evict");
  ASSERT_EQ(evict.size(), 2u);
  EXPECT_EQ(evict[1].fields["container"], "api-1");
  EXPECT_EQ(evict[1].fields["reason"], "giveback");
  auto adopt = site.node->recorded("service.adopt");
  ASSERT_EQ(adopt.size(), 2u);
  EXPECT_EQ(adopt[1].fields["container"], "web-0");
  EXPECT_EQ(adopt[1].fields["reason"], "restore");
  EXPECT_TRUE(site.failover().adopted().empty());
  EXPECT_TRUE(site.failover().evicted().empty());
}

TEST(ServiceFailover, AFlappingPeerDoesNotPingPongItsReplicas) {
  Site site({{"s001-b", {{"web-1"}}}}, kRoomy);
  site.failover().on_peer_down("s001-b");
  site.settle();
  for (int i = 0; i < 5; ++i) {  // up for 30 s, down for 5 s, five times
    site.failover().on_peer_up("s001-b");
    site.network.run_for(Duration::seconds(30));
    site.failover().on_peer_down("s001-b");
    site.network.run_for(Duration::seconds(5));
  }
  EXPECT_TRUE(site.runtime().running("web-1"));
  EXPECT_EQ(site.runtime().restarts("web-1"), 0);
  EXPECT_EQ(site.names("service.adopt").size(), 1u);
  EXPECT_TRUE(site.names("service.evict").empty());
  // Repeated "up" verdicts do not push the giveback out.
  site.failover().on_peer_up("s001-b");
  site.network.run_for(Duration::seconds(40));
  site.failover().on_peer_up("s001-b");
  site.network.run_for(Duration::seconds(20));
  EXPECT_FALSE(site.runtime().running("web-1"));
}

}  // namespace
}  // namespace edgetwin::testing
