#pragma once
// The container runtime of a simulated box.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::sim {

// How a container of a bad version misbehaves (a rollout's app `behaviour`): each start of it
// runs with its flaw until it is stopped.
struct ContainerFlaw {
  std::optional<fw::Duration> crash_after;  // fails this long after each start
  bool oom = false;            // memory use above its limit: killed as soon as it starts
  bool unready = false;        // readiness probes fail
  bool probe_timeout = false;  // every probe hangs until its timeout
  bool throttled = false;      // cpu use above its limit: readiness probes time out
};

// Containers deployed on a box; they run while the box is up (restart policy "always").
class SimRuntime final : public fw::Runtime {
 public:
  void start(const fw::ContainerSpec& spec) override;
  void stop(std::string_view name) override;
  std::vector<fw::ContainerStatus> containers() const override;
  fw::ProbeResult probe(std::string_view container, fw::ProbeKind kind) override;
  void set_powered(bool powered) { powered_ = powered; }
  // A new box in this one's place (replace-box): no container deployed, none failing.
  void remove_all() {
    deployed_.clear();
    flawed_.clear();
    crashed_.clear();
    hung_.clear();
    not_ready_.clear();
  }

  // Faults (the fault injector's to call). A crash or a hang lasts until the container is
  // started again; a readiness failure lasts until cleared.
  void crash(std::string_view name) { crashed_.emplace(name); }
  void hang(std::string_view name) { hung_.emplace(name); }
  void fail_readiness(std::string_view name, bool failing);

  // OOM: a container whose memory use at this moment exceeds its limit is killed (the twin's
  // load clock, sim/src/engine/box_load.cpp). Until it is started again it has failed, like a
  // crash; a start while the app still wants too much is killed at once (CrashLoopBackOff).
  void oom_kill(std::string_view name) { crashed_.emplace(name); }
  using OverMemory = std::function<bool(const fw::ContainerSpec&)>;
  void set_over_memory(OverMemory over_memory) { over_memory_ = std::move(over_memory); }

  // Which containers are flawed, asked at each start, and the twin's clock for their timing.
  using FlawOf = std::function<std::optional<ContainerFlaw>(const fw::ContainerSpec&)>;
  void set_flaws(FlawOf flaw_of, std::function<fw::Time()> now) {
    flaw_of_ = std::move(flaw_of);
    now_ = std::move(now);
  }

 private:
  struct Flawed {
    ContainerFlaw flaw;
    fw::Time started_at;
  };
  bool failed(std::string_view name) const;
  const ContainerFlaw* flaw(std::string_view name) const;

  std::vector<fw::ContainerSpec> deployed_;  // sorted by name
  FlawOf flaw_of_;
  OverMemory over_memory_;
  std::function<fw::Time()> now_;
  std::map<std::string, Flawed, std::less<>> flawed_;
  bool powered_ = false;
  std::set<std::string, std::less<>> crashed_;
  std::set<std::string, std::less<>> hung_;
  std::set<std::string, std::less<>> not_ready_;
};

}  // namespace edgetwin::sim
