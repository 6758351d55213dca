#pragma once
// The box's reconciler: compares the desired state (the cloud's, kept on disk) with the actual
// state (the runtime) and acts, every `interval` and at once when either changes.
//
// - Missing or stopped desired containers are started; a container whose spec changed (new
//   version, new resources) is replaced; containers the previous desired state had and the new
//   one has not are stopped. Containers it never owned (a peer's replicas adopted by
//   ServiceFailover) are never touched.
// - A crashed container (runtime state `failed`) is restarted after its back-off
//   (BackoffPolicy), unless `restart_failed` is off because a HealthMonitor owns restarts.
// - Edge autonomy: nothing here needs the cloud. Desired state is written `synced` before it is
//   acted on, and start() reads it back, so a box rebooted with its WAN down restores its apps.
//   A desired state whose generation is not newer than the one held is ignored, and an
//   unchanged container is never restarted, so the WAN coming back (and the cloud re-sending
//   what it sent before) restarts nothing.
//
// Events: "reconcile.start" (reason "missing", "changed" or "crashed"), "reconcile.stop"
// (reason "removed"), "reconcile.wait" (reason "no_capacity"), "desired.applied",
// "desired.restored", "desired.ignored".
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "edgetwin/firmware/base/backoff_policy.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/resources.hpp"
#include "edgetwin/firmware/orchestration/desired_state.hpp"

namespace edgetwin::fw {

struct ReconcilerConfig {
  Duration interval = Duration::seconds(5);
  bool restart_failed = true;
  BackoffConfig backoff{};
  // A stopped container the box deliberately keeps stopped (ServiceFailover evicted it to make
  // room for a dead peer's critical replica): not restarted while this says so.
  std::function<bool(const std::string& container)> held;
  // The box's capacity: a container whose requests do not fit in what the running ones leave
  // waits (kubelet's admission check). The cloud's scheduler cannot see what the box adopted
  // from a dead peer, so a replica it places here may not fit until the giveback.
  std::optional<Resources> capacity;
};

class Reconciler {
 public:
  // Bound on the containers of one box's desired state; beyond it a desired state is refused.
  static constexpr std::size_t kContainersMax = 256;

  explicit Reconciler(Platform& platform, ReconcilerConfig config = {});
  ~Reconciler();
  Reconciler(const Reconciler&) = delete;
  Reconciler& operator=(const Reconciler&) = delete;

  // At boot: restores the desired state from disk, reconciles, and keeps reconciling.
  void start();
  // A desired state from the cloud. False when it is not newer (or too large): ignored.
  bool apply(const BoxDesiredState& state);
  void reconcile();

  const BoxDesiredState& desired() const { return desired_; }
  std::uint64_t generation() const { return desired_.generation; }
  std::uint64_t starts() const { return starts_; }

 private:
  struct Restart {
    BackoffPolicy backoff;
    TimerId pending = 0;
  };
  void tick();
  void start_container(const ContainerSpec& spec, std::string_view reason);
  // Whether `spec` fits in `free` (updated when it does); says once why not.
  bool admit(const ContainerSpec& spec, Resources& free);
  void schedule_restart(const ContainerSpec& spec);
  void forget_restart(const std::string& name);

  Platform& platform_;
  ReconcilerConfig config_;
  BoxDesiredState desired_;
  std::map<std::string, Restart> restarts_;
  std::set<std::string> waiting_;  // containers that did not fit, as said in "reconcile.wait"
  TimerId tick_ = 0;
  std::uint64_t starts_ = 0;
};

}  // namespace edgetwin::fw
