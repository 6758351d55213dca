#pragma once
// Container health checks of one box, with Kubernetes' probe semantics and keepalived's
// track_script output.
//
// Every `period` (from a random phase, so the boxes of a site do not probe in lockstep) each
// container the runtime lists is probed for liveness and readiness. A probe that times out is
// a failure whose verdict is known `timeout` after the probe began; the next probe still
// begins `period` after the previous one began. A crashed container (runtime state `failed`)
// fails its probes like any other.
//
// - Liveness: after `failure_threshold` consecutive failures the container is restarted
//   (stop + start, same spec) after its back-off delay (BackoffPolicy); it is not probed while
//   the restart is pending. Events: "container.unhealthy" when decided, "container.restart"
//   when done, with the cause: "crashed" (runtime state failed), "hung" (probe timed out) or
//   "liveness" (probe failed).
// - Readiness: the first answer sets it; afterwards `failure_threshold` consecutive failures
//   make the container not ready and one success makes it ready again. A restarted container
//   is not ready until its probe says so. Event: "container.ready" on every change. A
//   readiness failure never restarts a container.
// - Box health (for VRRP tracking): healthy = every container whose priority is "critical" is
//   live (no pending restart, fewer than threshold liveness failures) and ready. A container
//   not yet probed counts as healthy (keepalived's default for a track script that has not run
//   yet), so a box does not lose its VIP at boot. The callback fires on changes only, and the
//   event "box.health" records them.
//
// A container that leaves the runtime (stopped by someone else) is forgotten, with its pending
// restart: the monitor never resurrects what the orchestrator removed.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edgetwin/firmware/base/backoff_policy.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/ha/health_config.hpp"

namespace edgetwin::fw {

class HealthMonitor {
 public:
  using HealthCallback = std::function<void(bool healthy)>;
  // Bound on the containers tracked on one box; more are not probed (and an event says so).
  static constexpr std::size_t kContainersMax = 256;

  HealthMonitor(Platform& platform, HealthConfig config = {});
  ~HealthMonitor();
  HealthMonitor(const HealthMonitor&) = delete;
  HealthMonitor& operator=(const HealthMonitor&) = delete;

  void start();
  void on_health_change(HealthCallback callback) { on_health_change_ = std::move(callback); }

  bool healthy() const { return healthy_; }
  std::optional<bool> ready(const std::string& container) const;  // nullopt: not yet known
  std::uint64_t restarts() const { return restarts_; }
  int restarts_of(const std::string& container) const;
  // Since when a container has not been serving (its liveness failed to the threshold, or it
  // lost its readiness), until it is ready again; nullopt while it serves or is still starting.
  std::optional<Time> unhealthy_since(const std::string& container) const;

 private:
  struct Tracked {
    explicit Tracked(const BackoffConfig& backoff) : backoff(backoff) {}
    bool critical = false;
    int liveness_failures = 0;
    int readiness_failures = 0;
    std::optional<bool> ready;
    Time failing_since;
    std::string cause;  // of the latest liveness failure
    BackoffPolicy backoff;
    Duration backoff_delay;
    TimerId verdict = 0;  // the verdict of a timed-out probe, due `timeout` after it began
    TimerId restart = 0;  // the pending restart
    std::optional<Time> unhealthy_since;
    int restarts = 0;
  };
  struct Probe {
    ContainerState state;
    ProbeResult liveness;
    ProbeResult readiness;
  };

  void tick();
  void sync(const std::vector<ContainerStatus>& containers);
  void forget(std::map<std::string, Tracked>::iterator it);
  void probe(const std::string& name, Tracked& tracked, ContainerState state);
  void record(const std::string& name, const Probe& result);
  void record_readiness(const std::string& name, Tracked& tracked, ProbeResult result);
  void record_liveness(const std::string& name, Tracked& tracked, const Probe& result);
  void set_ready(const std::string& name, Tracked& tracked, bool ready);
  void schedule_restart(const std::string& name, Tracked& tracked);
  void restart(const std::string& name);
  void update_health();
  void mark_unhealthy(Tracked& tracked);
  bool live(const Tracked& tracked) const;

  Platform& platform_;
  HealthConfig config_;
  std::map<std::string, Tracked> tracked_;  // by container name: probes run in name order
  TimerId tick_ = 0;
  bool healthy_ = true;
  bool overflow_reported_ = false;
  std::uint64_t restarts_ = 0;
  HealthCallback on_health_change_;
};

}  // namespace edgetwin::fw
