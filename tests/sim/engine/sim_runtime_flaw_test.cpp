// A bad version's behaviour in a simulated box's runtime (setup/app_flaws.hpp): what the box's
// health monitor sees of each flaw.
#include <gtest/gtest.h>

#include "edgetwin/sim/engine/sim_runtime.hpp"
#include "edgetwin/sim/setup/app_flaws.hpp"

namespace edgetwin::sim {
namespace {

using fw::ProbeKind;
using fw::ProbeResult;

// A behaviour with one field set (designated initializers would leave the others to
// -Wmissing-field-initializers).
template <class Set>
model::AppBehaviour behaviour(Set set) {
  model::AppBehaviour b;
  set(b);
  return b;
}

const fw::ContainerSpec kWeb{"web-2", "web", 2, 4, 2048, 4096, 0, "", true};

struct Runtime {
  explicit Runtime(const model::AppBehaviour& b) {
    runtime.set_powered(true);
    runtime.set_flaws([b](const fw::ContainerSpec& spec) { return flaw_of(b, spec); },
                      [this] { return now; });
    runtime.start(kWeb);
  }
  fw::ContainerState state() const { return runtime.containers().at(0).state; }
  SimRuntime runtime;
  fw::Time now = fw::Time::from_seconds(100);
};

TEST(SimRuntimeFlaws, CrashAfterFailsEachStartThatLongAfterIt) {
  Runtime r(behaviour([](model::AppBehaviour& b) { b.crash_after_s = 60; }));
  r.now = fw::Time::from_seconds(159);
  EXPECT_EQ(r.state(), fw::ContainerState::running);
  EXPECT_EQ(r.runtime.probe("web-2", ProbeKind::readiness), ProbeResult::ok);
  r.now = fw::Time::from_seconds(160);
  EXPECT_EQ(r.state(), fw::ContainerState::failed);
  EXPECT_EQ(r.runtime.probe("web-2", ProbeKind::liveness), ProbeResult::failed);
  r.runtime.stop("web-2");  // a restart runs another 60 s
  r.runtime.start(kWeb);
  EXPECT_EQ(r.state(), fw::ContainerState::running);
}

TEST(SimRuntimeFlaws, MemoryAboveTheLimitIsKilledAtOnceAndBelowItIsNot) {
  EXPECT_EQ(Runtime(behaviour([](model::AppBehaviour& b) { b.memory_use_mib = 5000; })).state(),
            fw::ContainerState::failed);
  EXPECT_FALSE(flaw_of(behaviour([](model::AppBehaviour& b) { b.memory_use_mib = 4000; }), kWeb));
  fw::ContainerSpec unlimited = kWeb;
  unlimited.memory_limit_mib = 0;  // no limit: nothing kills it
  EXPECT_FALSE(
      flaw_of(behaviour([](model::AppBehaviour& b) { b.memory_use_mib = 1e6; }), unlimited));
}

TEST(SimRuntimeFlaws, CpuAboveTheLimitThrottlesReadinessOnly) {
  Runtime r(behaviour([](model::AppBehaviour& b) { b.cpu_use = 6; }));
  EXPECT_EQ(r.runtime.probe("web-2", ProbeKind::liveness), ProbeResult::ok);
  EXPECT_EQ(r.runtime.probe("web-2", ProbeKind::readiness), ProbeResult::timed_out);
  EXPECT_FALSE(flaw_of(behaviour([](model::AppBehaviour& b) { b.cpu_use = 4; }), kWeb));
}

TEST(SimRuntimeFlaws, UnreadyAndProbeTimeout) {
  Runtime unready(behaviour([](model::AppBehaviour& b) { b.unready = true; }));
  EXPECT_EQ(unready.runtime.probe("web-2", ProbeKind::liveness), ProbeResult::ok);
  EXPECT_EQ(unready.runtime.probe("web-2", ProbeKind::readiness), ProbeResult::failed);
  Runtime hung(behaviour([](model::AppBehaviour& b) { b.probe_timeout = true; }));
  EXPECT_EQ(hung.runtime.probe("web-2", ProbeKind::liveness), ProbeResult::timed_out);
  EXPECT_EQ(hung.state(), fw::ContainerState::running);
}

TEST(SimRuntimeFlaws, AContainerOfAHealthyVersionIsUntouched) {
  SimRuntime runtime;
  runtime.set_powered(true);
  runtime.set_flaws([](const fw::ContainerSpec&) { return std::optional<ContainerFlaw>{}; },
                    [] { return fw::Time::from_seconds(1e6); });
  runtime.start(kWeb);
  EXPECT_EQ(runtime.containers().at(0).state, fw::ContainerState::running);
  EXPECT_EQ(runtime.probe("web-2", ProbeKind::readiness), ProbeResult::ok);
}

}  // namespace
}  // namespace edgetwin::sim
