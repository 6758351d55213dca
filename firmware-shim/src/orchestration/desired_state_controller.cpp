#include "edgetwin/firmware/orchestration/desired_state_controller.hpp"

#include <algorithm>
#include <utility>

#include "edgetwin/firmware/orchestration/qos.hpp"

namespace edgetwin::fw {
namespace {

OpResult fail(OpErrorKind kind, std::string message) {
  return OpResult::failure({kind, std::move(message)});
}

}  // namespace

DesiredStateController::DesiredStateController(const AppCatalog& catalog,
                                               const std::vector<NodeCapacity>& nodes,
                                               ScoringPolicy policy)
    : catalog_(catalog), scheduler_(policy) {
  for (const auto& n : nodes) {
    scheduler_.add_node(n.name, n.capacity);
    node_up_[n.name] = true;
  }
}

OpResult DesiredStateController::ok_and_step() {
  ++generation_;  // the operation itself changed the desired state
  step();
  return true;
}

OpResult DesiredStateController::deploy(const std::string& app, const std::string& version,
                                        int replicas) {
  const AppVersion* entry = catalog_.find(app, version);
  if (!entry) return fail(OpErrorKind::unknown_version, "no " + app + " " + version);
  if (apps_.contains(app)) return fail(OpErrorKind::already_deployed, app + " is deployed");
  if (apps_.size() >= kAppsMax) return fail(OpErrorKind::apps_max, "too many apps on the site");
  const int count = replicas < 0 ? entry->replicas : replicas;
  if (count > kReplicasMax) return fail(OpErrorKind::bad_replicas, "at most 64 replicas");
  AppStatus status;
  status.app = app;
  status.version = version;
  status.replicas = count;
  apps_[app] = status;
  return ok_and_step();
}

OpResult DesiredStateController::upgrade(const std::string& app, const std::string& version,
                                         RollingStrategy strategy) {
  const auto it = apps_.find(app);
  if (it == apps_.end()) return fail(OpErrorKind::not_deployed, app + " is not deployed");
  if (!catalog_.find(app, version))
    return fail(OpErrorKind::unknown_version, "no " + app + " " + version);
  if (it->second.version == version)
    return fail(OpErrorKind::same_version, app + " already runs " + version);
  if (const auto why = check_strategy(strategy)) return fail(OpErrorKind::bad_strategy, *why);
  AppStatus& a = it->second;
  a.previous_version = a.version;
  a.version = version;
  a.strategy = strategy;
  a.upgrading = true;
  return ok_and_step();
}

OpResult DesiredStateController::rollback(const std::string& app, RollingStrategy strategy) {
  const auto it = apps_.find(app);
  if (it == apps_.end()) return fail(OpErrorKind::not_deployed, app + " is not deployed");
  if (!it->second.previous_version)
    return fail(OpErrorKind::no_previous_version, app + " has no previous version");
  const std::string target = *it->second.previous_version;  // upgrade() overwrites it
  return upgrade(app, target, strategy);
}

OpResult DesiredStateController::remove(const std::string& app) {
  if (!apps_.contains(app)) return fail(OpErrorKind::not_deployed, app + " is not deployed");
  for (const auto& name : replicas_of(app)) drop_replica(name);
  apps_.erase(app);
  return ok_and_step();
}

OpResult DesiredStateController::scale(const std::string& app, int replicas) {
  const auto it = apps_.find(app);
  if (it == apps_.end()) return fail(OpErrorKind::not_deployed, app + " is not deployed");
  if (replicas < 0 || replicas > kReplicasMax)
    return fail(OpErrorKind::bad_replicas, "replicas must be 0 to 64");
  it->second.replicas = replicas;
  return ok_and_step();
}

void DesiredStateController::set_ready(const std::string& replica, bool ready) {
  if (const auto it = replicas_.find(replica); it != replicas_.end()) it->second.ready = ready;
}

void DesiredStateController::set_node_up(const std::string& node, bool up) {
  if (!node_up_.contains(node)) return;
  node_up_[node] = up;
  scheduler_.set_schedulable(node, up);
}

bool DesiredStateController::add_node(const NodeCapacity& node, bool stateless_only) {
  if (!scheduler_.add_node(node.name, node.capacity, stateless_only)) return false;
  node_up_[node.name] = true;
  step();  // pending replicas may fit now
  return true;
}

std::vector<std::string> DesiredStateController::evict_node(const std::string& node) {
  std::vector<std::string> dropped;
  for (const auto& [name, r] : replicas_)
    if (r.node == node && r.spec.stateless) dropped.push_back(name);
  for (const auto& name : dropped) drop_replica(name);
  if (!dropped.empty()) {
    ++generation_;
    step();
  }
  return dropped;
}

std::vector<std::string> DesiredStateController::replicas_of(const std::string& app) const {
  std::vector<std::string> out;
  for (const auto& [name, r] : replicas_)
    if (r.app == app) out.push_back(name);
  return out;
}

BoxDesiredState DesiredStateController::box_state(const std::string& node) const {
  BoxDesiredState state{generation_, {}};
  for (const auto& [name, r] : replicas_)  // by name
    if (r.node == node) state.containers.push_back(r.spec);
  return state;
}

}  // namespace edgetwin::fw
