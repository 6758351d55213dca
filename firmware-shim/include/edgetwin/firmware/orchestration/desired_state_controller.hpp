#pragma once
// The cloud's desired state of one site's apps, and the operations that change it: deploy,
// upgrade (rolling, max_unavailable / max_surge, a surge only where it fits), rollback to the
// previous version, delete, scale. Every replica is placed by the Scheduler (higher priorities
// may preempt lower ones); each change bumps the generation, and box_state() is what each box's
// Reconciler receives.
//
// Like Kubernetes, an operation is accepted when it is valid, and replicas that do not fit yet
// are pending: AppStatus::blocked says why, and step() retries them. Replicas are named
// "<app>-<n>" with n never reused within an app, so an old and a new replica never share a
// name. Readiness comes from the boxes' status (set_ready); step() advances rolling upgrades
// with it. The controller is pure: no platform, no clock; the cloud agent calls it.
#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/result.hpp"
#include "edgetwin/firmware/orchestration/app_catalog.hpp"
#include "edgetwin/firmware/orchestration/desired_state.hpp"
#include "edgetwin/firmware/orchestration/placement.hpp"
#include "edgetwin/firmware/orchestration/rolling_upgrade.hpp"
#include "edgetwin/firmware/orchestration/scheduler.hpp"

namespace edgetwin::fw {

struct AppStatus {
  std::string app;
  std::string version;  // the target version
  std::optional<std::string> previous_version;
  int replicas = 0;  // desired
  RollingStrategy strategy;
  bool upgrading = false;
  std::string blocked;  // why it cannot progress now; empty when it can
  int next_index = 0;
};

struct ReplicaRecord {
  std::string app;
  std::string version;
  std::string node;
  ContainerSpec spec;
  bool ready = false;
};

enum class OpErrorKind {
  unknown_version,
  already_deployed,
  not_deployed,
  same_version,
  no_previous_version,
  bad_strategy,
  bad_replicas,
  apps_max,
};

struct OpError {
  OpErrorKind kind;
  std::string message;
};

using OpResult = Result<bool, OpError>;

class DesiredStateController {
 public:
  static constexpr std::size_t kAppsMax = 256;
  static constexpr int kReplicasMax = 64;  // per app and site

  DesiredStateController(const AppCatalog& catalog, const std::vector<NodeCapacity>& nodes,
                         ScoringPolicy policy = ScoringPolicy::spread);

  OpResult deploy(const std::string& app, const std::string& version, int replicas = -1);
  OpResult upgrade(const std::string& app, const std::string& version, RollingStrategy strategy);
  OpResult rollback(const std::string& app, RollingStrategy strategy);
  OpResult remove(const std::string& app);
  OpResult scale(const std::string& app, int replicas);

  void set_ready(const std::string& replica, bool ready);
  // A down node keeps its replicas (its own reconciler restores them) but they are not ready
  // and nothing new goes there.
  void set_node_up(const std::string& node, bool up);
  // A node that joined the site's cluster after the controller was made (a generic node, by
  // its start script); `stateless_only`: it takes no stateful replica. Pending replicas may go
  // there at once; running ones do not move (no rebalancing, as in Kubernetes). False: a node
  // of that name exists, or the scheduler has the most nodes.
  bool add_node(const NodeCapacity& node, bool stateless_only);
  // Reschedules the stateless replicas of a node that is down and will not restore them
  // itself in time (a generic node: no peer adopts its replicas): they are dropped and created
  // again, under new names, where the scheduler finds room. Call set_node_up(node, false)
  // first. Returns the replicas dropped.
  std::vector<std::string> evict_node(const std::string& node);
  // Advances upgrades and places pending replicas; true when the desired state changed.
  bool step();

  std::uint64_t generation() const { return generation_; }
  BoxDesiredState box_state(const std::string& node) const;
  const std::map<std::string, AppStatus>& apps() const { return apps_; }
  const std::map<std::string, ReplicaRecord>& replicas() const { return replicas_; }
  std::vector<std::string> replicas_of(const std::string& app) const;
  const Scheduler& scheduler() const { return scheduler_; }

  // The desired state as the cloud persists it, and back into a controller that has nothing
  // deployed yet (desired_state_record.cpp); restore() is false, and changes nothing, for a
  // record that does not fit the catalog or the nodes.
  nlohmann::json save() const;
  bool restore(const nlohmann::json& record);

 private:
  bool step_app(AppStatus& app);
  bool converge(AppStatus& app);
  bool roll(AppStatus& app);
  int create_replicas(AppStatus& app, int count);
  void drop_replica(const std::string& name);
  std::vector<ReplicaView> views(const AppStatus& app) const;
  OpResult ok_and_step();

  const AppCatalog& catalog_;
  Scheduler scheduler_;
  std::map<std::string, bool> node_up_;
  std::map<std::string, AppStatus> apps_;
  std::map<std::string, ReplicaRecord> replicas_;
  std::uint64_t generation_ = 0;
};

}  // namespace edgetwin::fw
