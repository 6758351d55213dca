#include "edgetwin/firmware/ha/health_monitor.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;
using fw::Time;

// The firmware of a box reduced to what these tests need: it owns a HealthMonitor and records
// what the monitor tells VRRP.
class HealthAgent final : public fw::Agent {
 public:
  HealthAgent(fw::Platform& platform, fw::HealthConfig config) : monitor_(platform, config) {}
  void boot() override {
    monitor_.on_health_change([this](bool healthy) { health_changes_.push_back(healthy); });
    monitor_.start();
  }
  void on_datagram(const fw::Address&, fw::Channel, std::span<const std::byte>) override {}
  const fw::HealthMonitor& monitor() const { return monitor_; }
  const std::vector<bool>& health_changes() const { return health_changes_; }

 private:
  fw::HealthMonitor monitor_;
  std::vector<bool> health_changes_;
};

fw::ContainerSpec container(const std::string& name, const std::string& priority = "") {
  fw::ContainerSpec s;
  s.name = name;
  s.app = name.substr(0, name.find('-'));
  s.cpu_request = 1;
  s.memory_request_mib = 256;
  s.priority = priority;
  return s;
}

// One box with its containers deployed before boot.
struct Box {
  explicit Box(std::vector<fw::ContainerSpec> containers, fw::HealthConfig config = {},
               const std::string& name = "s001-a", std::uint64_t seed = 1)
      : network(seed) {
    node = &network.add_node(
        name, [config](fw::Platform& p) { return std::make_unique<HealthAgent>(p, config); });
    for (const auto& c : containers) runtime().start(c);
    node->power_on();
  }
  TestRuntime& runtime() { return node->test_runtime(); }
  HealthAgent& agent() { return static_cast<HealthAgent&>(*node->agent()); }
  std::vector<RecordedEvent> events(std::string_view kind) const { return node->recorded(kind); }
  // The first probe answers readiness for the first time: that is when probes are phased.
  Time first_probe() const { return events("container.ready").at(0).t; }

  TestNetwork network;
  TestPlatform* node = nullptr;
};

TEST(HealthMonitor, HealthyContainersAreNeverRestarted) {
  Box box({container("web-0"), container("api-0", "critical")});
  box.network.run_for(Duration::seconds(600));
  EXPECT_EQ(box.runtime().restarts(), 0);
  EXPECT_EQ(box.agent().monitor().ready("web-0"), true);
  EXPECT_TRUE(box.agent().monitor().healthy());
  EXPECT_TRUE(box.agent().health_changes().empty());
  EXPECT_TRUE(box.events("container.restart").empty());
}

TEST(HealthMonitor, CrashedContainerIsRestartedAfterThresholdProbesWithTheBackoffDelay) {
  Box box({container("web-0")});
  box.network.run_for(Duration::seconds(15));
  const Time crash = box.network.now();
  box.runtime().crash("web-0");
  box.network.run_for(Duration::seconds(60));

  auto unhealthy = box.events("container.unhealthy");
  ASSERT_EQ(unhealthy.size(), 1u);
  EXPECT_EQ(unhealthy[0].fields["cause"], "crashed");
  EXPECT_EQ(unhealthy[0].fields["failures"], 3);
  // Third failed probe: two periods after the first probe that saw the crash.
  EXPECT_GE(unhealthy[0].t - crash, Duration::seconds(20));
  EXPECT_LT(unhealthy[0].t - crash, Duration::seconds(30));

  auto restarts = box.events("container.restart");
  ASSERT_EQ(restarts.size(), 1u);
  EXPECT_EQ(restarts[0].t - unhealthy[0].t, Duration::seconds(10));
  EXPECT_EQ(restarts[0].fields["container"], "web-0");
  EXPECT_EQ(restarts[0].fields["app"], "web");
  EXPECT_EQ(restarts[0].fields["cause"], "crashed");
  EXPECT_EQ(restarts[0].fields["attempt"], 1);
  EXPECT_EQ(restarts[0].fields["backoff_s"], 10.0);
  EXPECT_TRUE(box.runtime().running("web-0"));
  EXPECT_EQ(box.runtime().restarts("web-0"), 1);
  EXPECT_EQ(box.agent().monitor().restarts(), 1u);
  EXPECT_EQ(box.agent().monitor().restarts_of("web-0"), 1);
}

TEST(HealthMonitor, CrashLoopBacksOffTenTwentyFortyUpToFiveMinutes) {
  Box box({container("web-0")});
  box.network.run_for(Duration::seconds(15));
  box.runtime().set_crash_looping("web-0", true);
  box.runtime().crash("web-0");
  box.network.run_for(Duration::seconds(1300));

  auto restarts = box.events("container.restart");
  ASSERT_GE(restarts.size(), 7u);
  std::vector<double> backoff;
  for (std::size_t i = 0; i < 7; ++i) {
    backoff.push_back(restarts[i].fields["backoff_s"].get<double>());
    EXPECT_EQ(restarts[i].fields["attempt"], static_cast<int>(i) + 1);
  }
  EXPECT_EQ(backoff, (std::vector<double>{10, 20, 40, 80, 160, 300, 300}));
}

TEST(HealthMonitor, BackoffStartsOverAfterTenMinutesHealthy) {
  Box box({container("web-0")});
  box.network.run_for(Duration::seconds(15));
  box.runtime().set_crash_looping("web-0", true);
  box.runtime().crash("web-0");
  box.network.run_for(Duration::seconds(200));  // restarts after 10, 20 and 40 s
  ASSERT_EQ(box.events("container.restart").size(), 3u);
  box.runtime().set_crash_looping("web-0", false);
  box.network.run_for(Duration::seconds(120));  // the fourth restart (80 s) heals it
  ASSERT_EQ(box.events("container.restart").size(), 4u);

  // Healthy for less than ten minutes: the loop goes on at 160 s.
  box.network.run_for(Duration::seconds(300));
  box.runtime().crash("web-0");
  box.network.run_for(Duration::seconds(250));
  ASSERT_EQ(box.events("container.restart").size(), 5u);
  EXPECT_EQ(box.events("container.restart").back().fields["backoff_s"], 160.0);

  // Healthy for more than ten minutes: back to 10 s.
  box.network.run_for(Duration::seconds(660));
  box.runtime().crash("web-0");
  box.network.run_for(Duration::seconds(60));
  auto restarts = box.events("container.restart");
  ASSERT_EQ(restarts.size(), 6u);
  EXPECT_EQ(restarts.back().fields["backoff_s"], 10.0);
  EXPECT_EQ(restarts.back().fields["attempt"], 1);
}

TEST(HealthMonitor, HungContainerIsDetectedWhenItsThirdProbeTimesOutAndRestarted) {
  Box box({container("web-0")});
  box.network.run_for(Duration::seconds(15));
  const Time probe0 = box.first_probe();
  const Time hang = box.network.now();
  box.runtime().hang("web-0");
  box.network.run_for(Duration::seconds(60));

  auto unhealthy = box.events("container.unhealthy");
  ASSERT_EQ(unhealthy.size(), 1u);
  EXPECT_EQ(unhealthy[0].fields["cause"], "hung");
  EXPECT_EQ(unhealthy[0].fields["failures"], 3);
  // Probes begin on the period grid; a timed-out one is known `timeout` later, and is counted
  // once: the third timed-out probe is the first one after the hang plus two periods.
  const Duration since_grid = Duration::nanoseconds((unhealthy[0].t - probe0).count_ns() %
                                                    Duration::seconds(10).count_ns());
  EXPECT_EQ(since_grid, Duration::seconds(1));
  EXPECT_GE(unhealthy[0].t - hang, Duration::seconds(21));
  EXPECT_LT(unhealthy[0].t - hang, Duration::seconds(31));

  auto restarts = box.events("container.restart");
  ASSERT_EQ(restarts.size(), 1u);
  EXPECT_EQ(restarts[0].fields["cause"], "hung");
  EXPECT_EQ(restarts[0].t - unhealthy[0].t, Duration::seconds(10));
  EXPECT_EQ(box.runtime().probe("web-0", fw::ProbeKind::liveness), fw::ProbeResult::ok);
}

TEST(HealthMonitor, ReadinessFailureMakesTheContainerNotReadyWithoutARestart) {
  Box box({container("web-0")});
  box.network.run_for(Duration::seconds(15));
  box.runtime().fail_readiness("web-0", true);
  box.network.run_for(Duration::seconds(120));
  auto ready = box.events("container.ready");
  ASSERT_EQ(ready.size(), 2u);  // first answer, then the change
  EXPECT_EQ(ready[1].fields["container"], "web-0");
  EXPECT_EQ(ready[1].fields["ready"], false);
  EXPECT_EQ(box.agent().monitor().ready("web-0"), false);
  EXPECT_TRUE(box.events("container.restart").empty());
  EXPECT_EQ(box.runtime().restarts(), 0);

  box.runtime().fail_readiness("web-0", false);
  box.network.run_for(Duration::seconds(10));
  EXPECT_EQ(box.events("container.ready").back().fields["ready"], true);
}

TEST(HealthMonitor, HealthFlipsWhenACriticalContainerFailsAndBackWhenItRecovers) {
  Box box({container("api-0", "critical"), container("report-0")});
  box.network.run_for(Duration::seconds(15));
  // A non-critical container does not count.
  box.runtime().crash("report-0");
  box.network.run_for(Duration::seconds(60));
  EXPECT_EQ(box.runtime().restarts("report-0"), 1);
  EXPECT_TRUE(box.agent().health_changes().empty());

  box.runtime().crash("api-0");
  box.network.run_for(Duration::seconds(30));
  EXPECT_FALSE(box.agent().monitor().healthy());
  EXPECT_EQ(box.agent().health_changes(), std::vector<bool>{false});
  box.network.run_for(Duration::seconds(30));  // restarted after 10 s, ready at the next probe
  EXPECT_TRUE(box.agent().monitor().healthy());
  EXPECT_EQ(box.agent().health_changes(), (std::vector<bool>{false, true}));
  auto health = box.events("box.health");
  ASSERT_EQ(health.size(), 2u);
  EXPECT_GT(health[1].t, box.events("container.restart").back().t);
}

TEST(HealthMonitor, CriticalReadinessFailureAloneMakesTheBoxUnhealthy) {
  Box box({container("api-0", "critical")});
  box.network.run_for(Duration::seconds(15));
  box.runtime().fail_readiness("api-0", true);
  box.network.run_for(Duration::seconds(40));
  EXPECT_EQ(box.agent().health_changes(), std::vector<bool>{false});
  EXPECT_EQ(box.runtime().restarts(), 0);
}

TEST(HealthMonitor, RemovedContainerIsForgottenNotResurrected) {
  Box box({container("web-0")});
  box.network.run_for(Duration::seconds(15));
  box.runtime().crash("web-0");
  box.network.run_for(Duration::seconds(30));  // restart decided, waiting out the back-off
  ASSERT_EQ(box.events("container.unhealthy").size(), 1u);
  box.runtime().stop("web-0");  // the orchestrator removes it meanwhile
  box.network.run_for(Duration::seconds(60));
  EXPECT_TRUE(box.events("container.restart").empty());
  EXPECT_FALSE(box.runtime().running("web-0"));
  EXPECT_EQ(box.agent().monitor().ready("web-0"), std::nullopt);
}

TEST(HealthMonitor, ContainersStartedLaterAreProbedToo) {
  Box box({});
  box.network.run_for(Duration::seconds(15));
  box.runtime().start(container("web-0"));
  box.network.run_for(Duration::seconds(10));
  EXPECT_EQ(box.agent().monitor().ready("web-0"), true);
}

TEST(HealthMonitor, BoxesProbeOnTheirOwnRandomPhase) {
  Box a({container("web-0")}, {}, "s001-a");
  Box b({container("web-0")}, {}, "s001-b");
  Box a_again({container("web-0")}, {}, "s001-a");
  for (Box* box : {&a, &b, &a_again}) box->network.run_for(Duration::seconds(10));
  EXPECT_NE(a.first_probe(), b.first_probe());
  EXPECT_EQ(a.first_probe(), a_again.first_probe());  // same seed and name: same phase
  EXPECT_LT(a.first_probe(), Time{} + Duration::seconds(10));
}

}  // namespace
}  // namespace edgetwin::testing
