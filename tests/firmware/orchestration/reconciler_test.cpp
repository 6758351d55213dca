#include "edgetwin/firmware/orchestration/reconciler.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {
namespace {

using fw::Duration;

// The firmware of a box reduced to its reconciler; the tests play the cloud.
class ReconcilerAgent final : public fw::Agent {
 public:
  explicit ReconcilerAgent(fw::Platform& platform, fw::ReconcilerConfig config = {})
      : reconciler_(platform, std::move(config)) {}
  void boot() override { reconciler_.start(); }
  void on_datagram(const fw::Address&, fw::Channel, std::span<const std::byte>) override {}
  fw::Reconciler& reconciler() { return reconciler_; }

 private:
  fw::Reconciler reconciler_;
};

fw::ContainerSpec spec(const std::string& name, double cpu = 1) {
  return {name, name.substr(0, name.find('-')), cpu, cpu * 2, 512, 1024, 0, "", true};
}

struct Box {
  Box() {
    node = &network.add_node("s001-a",
                             [](fw::Platform& p) { return std::make_unique<ReconcilerAgent>(p); });
    node->power_on();
  }
  fw::Reconciler& reconciler() {
    return static_cast<ReconcilerAgent&>(*node->agent()).reconciler();
  }
  TestRuntime& runtime() { return node->test_runtime(); }
  // A reboot: the processes die with the power, the disk keeps what was synced.
  void reboot() {
    node->power_off();
    for (const auto& c : runtime().containers()) runtime().stop(c.spec.name);
    node->power_on();
  }

  TestNetwork network;
  TestPlatform* node = nullptr;
};

const fw::BoxDesiredState kGen1{1, {spec("access-0"), spec("mysql-0", 4)}};

TEST(Reconciler, StartsWhatIsDesiredAndReplacesWhatChanged) {
  Box box;
  ASSERT_TRUE(box.reconciler().apply(kGen1));
  EXPECT_TRUE(box.runtime().running("access-0"));
  EXPECT_TRUE(box.runtime().running("mysql-0"));
  auto gen2 = kGen1;
  gen2.generation = 2;
  gen2.containers[1] = spec("mysql-0", 8);  // new resources: replaced
  gen2.containers.push_back(spec("redis-0"));
  ASSERT_TRUE(box.reconciler().apply(gen2));
  EXPECT_EQ(box.runtime().restarts("access-0"), 0);  // untouched
  EXPECT_EQ(box.runtime().restarts("mysql-0"), 1);
  EXPECT_EQ(box.runtime().containers()[1].spec.cpu_request, 8);
  EXPECT_TRUE(box.runtime().running("redis-0"));
  // An older generation is ignored; a newer one without redis stops it.
  EXPECT_FALSE(box.reconciler().apply(kGen1));
  ASSERT_TRUE(box.reconciler().apply({3, {spec("access-0"), spec("mysql-0", 8)}}));
  EXPECT_FALSE(box.runtime().running("redis-0"));
  EXPECT_EQ(box.node->recorded("reconcile.stop").size(), 1u);
}

TEST(Reconciler, RestartsMissingAndCrashedContainersWithoutTheCloud) {
  Box box;
  ASSERT_TRUE(box.reconciler().apply(kGen1));
  box.runtime().stop("access-0");             // gone (someone removed it)
  box.runtime().crash("mysql-0");             // crashed
  box.network.run_for(Duration::seconds(5));  // next reconcile pass
  EXPECT_TRUE(box.runtime().running("access-0"));
  EXPECT_FALSE(box.runtime().running("mysql-0"));  // waits out its back-off (10 s)
  box.network.run_for(Duration::seconds(11));
  EXPECT_TRUE(box.runtime().running("mysql-0"));
  EXPECT_EQ(box.runtime().restarts("mysql-0"), 1);
  // Crash-looping: restarts keep coming, further and further apart.
  box.runtime().set_crash_looping("mysql-0", true);
  box.runtime().crash("mysql-0");
  box.network.run_for(Duration::seconds(300));
  const int restarts = box.runtime().restarts("mysql-0");
  EXPECT_GE(restarts, 4);
  EXPECT_LE(restarts, 8);
}

TEST(Reconciler, NeverTouchesContainersItDoesNotOwn) {
  Box box;
  box.runtime().start(spec("adopted-1"));  // e.g. a peer's replica adopted on failover
  ASSERT_TRUE(box.reconciler().apply(kGen1));
  ASSERT_TRUE(box.reconciler().apply({2, {spec("access-0")}}));
  EXPECT_TRUE(box.runtime().running("adopted-1"));
  EXPECT_EQ(box.runtime().restarts("adopted-1"), 0);
  EXPECT_FALSE(box.runtime().running("mysql-0"));
}

TEST(Reconciler, EdgeAutonomyWanDownRebootThenWanBack) {
  Box box;
  ASSERT_TRUE(box.reconciler().apply(kGen1));  // the last word from the cloud
  // The WAN is down from here on: nothing reaches the box. A day passes with a crash ...
  box.network.run_for(Duration::seconds(3600));
  box.runtime().crash("access-0");
  box.network.run_for(Duration::seconds(3600));
  EXPECT_TRUE(box.runtime().running("access-0"));
  // ... and a reboot: the apps come back from the disk.
  box.reboot();
  EXPECT_EQ(box.reconciler().generation(), 1u);
  EXPECT_TRUE(box.runtime().running("access-0"));
  EXPECT_TRUE(box.runtime().running("mysql-0"));
  EXPECT_EQ(box.node->recorded("desired.restored").size(), 1u);
  box.network.run_for(Duration::seconds(86400));
  const int restarts_before = box.runtime().restarts();
  // The WAN returns and the cloud sends what it sent before: nothing is restarted.
  EXPECT_FALSE(box.reconciler().apply(kGen1));
  box.network.run_for(Duration::seconds(60));
  EXPECT_EQ(box.runtime().restarts(), restarts_before);
  // Newer desired state syncs down and changes only what changed.
  auto gen2 = kGen1;
  gen2.generation = 2;
  gen2.containers.push_back(spec("redis-0"));
  ASSERT_TRUE(box.reconciler().apply(gen2));
  EXPECT_EQ(box.runtime().restarts(), restarts_before);
  EXPECT_TRUE(box.runtime().running("redis-0"));
}

TEST(Reconciler, APowerLossRightAfterApplyKeepsTheAppliedState) {
  Box box;
  ASSERT_TRUE(box.reconciler().apply(kGen1));
  box.node->power_off();  // synced writes survive a power loss
  for (const auto& c : box.runtime().containers()) box.runtime().stop(c.spec.name);
  box.node->power_on();
  EXPECT_EQ(box.reconciler().generation(), 1u);
  EXPECT_EQ(box.runtime().containers().size(), 2u);
}

// A replica the cloud placed on a box that is busy with a dead peer's adopted replica (which the
// cloud's scheduler cannot see) waits for room instead of overcommitting the box's one GPU.
TEST(Reconciler, AContainerThatDoesNotFitWaitsForRoom) {
  TestNetwork network;
  fw::ReconcilerConfig config;
  config.capacity = fw::Resources{40, 262144, 1};
  auto& node = network.add_node("s001-a", [config](fw::Platform& p) {
    return std::make_unique<ReconcilerAgent>(p, config);
  });
  node.power_on();
  auto& reconciler = static_cast<ReconcilerAgent&>(*node.agent()).reconciler();
  auto gpu = [](const std::string& name) {
    auto s = spec(name, 4);
    s.gpu = 1;
    return s;
  };
  node.test_runtime().start(gpu("adopted-0"));  // ServiceFailover's, not the reconciler's
  ASSERT_TRUE(reconciler.apply({1, {gpu("video-1")}}));
  EXPECT_FALSE(node.test_runtime().running("video-1"));
  network.run_for(Duration::seconds(30));
  EXPECT_FALSE(node.test_runtime().running("video-1"));
  EXPECT_EQ(node.recorded("reconcile.wait").size(), 1u);  // said once, not every tick
  node.test_runtime().stop("adopted-0");  // the giveback
  network.run_for(Duration::seconds(5));
  EXPECT_TRUE(node.test_runtime().running("video-1"));
}

TEST(DesiredState, RoundTripsAndRefusesGarbage) {
  const auto bytes = fw::encode_desired_state(kGen1);
  const auto back = fw::decode_desired_state(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->generation, 1u);
  ASSERT_EQ(back->containers.size(), 2u);
  EXPECT_TRUE(fw::same_spec(back->containers[1], kGen1.containers[1]));
  fw::Bytes torn(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bytes.size() / 2));
  EXPECT_FALSE(fw::decode_desired_state(torn));
  const std::string foreign = R"({"format":1,"generation":3,"containers":[{"name":"x"}]})";
  fw::Bytes f(foreign.size());
  for (std::size_t i = 0; i < foreign.size(); ++i) f[i] = std::byte(foreign[i]);
  EXPECT_FALSE(fw::decode_desired_state(f));
}

}  // namespace
}  // namespace edgetwin::testing
