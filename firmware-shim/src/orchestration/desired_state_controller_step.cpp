// DesiredStateController::step and its helpers: rolling upgrades and pending replicas.
#include <algorithm>

#include "edgetwin/firmware/orchestration/desired_state_controller.hpp"
#include "edgetwin/firmware/orchestration/qos.hpp"

namespace edgetwin::fw {
namespace {

// n of "<app>-<n>".
int replica_index(const std::string& name) {
  const auto dash = name.rfind('-');
  int n = 0;
  for (std::size_t i = dash + 1; i < name.size(); ++i) n = n * 10 + (name[i] - '0');
  return n;
}

}  // namespace

bool DesiredStateController::step() {
  // Higher priorities first, so their pending replicas take room before lower ones do.
  std::vector<std::string> order;
  for (const auto& [name, a] : apps_) order.push_back(name);
  std::stable_sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
    const auto rank = [&](const std::string& app) {
      const AppVersion* v = catalog_.find(app, apps_.at(app).version);
      return priority_rank(v->spec.priority);
    };
    return rank(x) > rank(y);
  });
  bool changed = false;
  for (const auto& name : order)
    if (const auto it = apps_.find(name); it != apps_.end()) changed |= step_app(it->second);
  if (changed) ++generation_;
  return changed;
}

bool DesiredStateController::step_app(AppStatus& app) {
  app.blocked.clear();
  return app.upgrading ? roll(app) : converge(app);
}

std::vector<ReplicaView> DesiredStateController::views(const AppStatus& app) const {
  std::vector<ReplicaView> out;
  for (const auto& [name, r] : replicas_)
    if (r.app == app.app)
      out.push_back({name, r.version == app.version, r.ready && node_up_.at(r.node)});
  return out;
}

bool DesiredStateController::roll(AppStatus& app) {
  const auto before = views(app);
  if (rolling_done(app.replicas, before)) {
    app.upgrading = false;
    return false;
  }
  const RollingStep plan = plan_rolling_step(app.replicas, app.strategy, before);
  for (const auto& name : plan.remove) drop_replica(name);
  const int created = create_replicas(app, plan.create);
  // Nothing could move: with max_unavailable 0 a surge that does not fit stops the upgrade.
  if (plan.remove.empty() && created == 0 && plan.create > 0)
    app.blocked = "upgrade blocked (surge does not fit): " + app.blocked;
  return !plan.remove.empty() || created > 0;
}

// Not upgrading: make the count right (scale, preempted or pending replicas).
bool DesiredStateController::converge(AppStatus& app) {
  auto current = views(app);
  const int have = static_cast<int>(current.size());
  if (have < app.replicas) return create_replicas(app, app.replicas - have) > 0;
  if (have == app.replicas) return false;
  // Scale in: not-ready replicas first, then the newest (highest index) ones.
  std::stable_sort(current.begin(), current.end(), [](const auto& a, const auto& b) {
    if (a.ready != b.ready) return !a.ready;
    return replica_index(a.name) > replica_index(b.name);
  });
  current.resize(static_cast<std::size_t>(have - app.replicas));
  for (const auto& v : current) drop_replica(v.name);
  return true;
}

int DesiredStateController::create_replicas(AppStatus& app, int count) {
  const AppVersion* version = catalog_.find(app.app, app.version);
  int created = 0;
  for (int i = 0; i < count; ++i) {
    PlacementRequest request{version->spec, version->host_ports, app.app};
    request.spec.app = app.app;
    request.spec.name = replica_name(app.app, app.next_index);
    const auto bound = scheduler_.schedule(request, true);
    if (!bound) {
      app.blocked =
          std::to_string(count - created) + " replica(s) pending: " + bound.error().message;
      break;
    }
    for (const auto& victim : bound.value().preempted) replicas_.erase(victim);  // unbound
    replicas_[request.spec.name] = {app.app, app.version, bound.value().node, request.spec, false};
    ++app.next_index;
    ++created;
  }
  return created;
}

void DesiredStateController::drop_replica(const std::string& name) {
  scheduler_.unbind(name);
  replicas_.erase(name);
}

}  // namespace edgetwin::fw
