// Preemption and the unschedulable explanation of Scheduler (scheduler.hpp).
#include <algorithm>
#include <climits>
#include <sstream>
#include <tuple>

#include "edgetwin/firmware/orchestration/qos.hpp"
#include "edgetwin/firmware/orchestration/scheduler.hpp"

namespace edgetwin::fw {
namespace {

constexpr double kEpsilon = 1e-9;

// What is left of a node while victims are taken off it.
struct Trial {
  Resources requested;
  std::set<int> ports;

  void take(const PlacementRequest& v, int sign) {
    requested.cpu += sign * v.spec.cpu_request;
    requested.memory_mib += sign * v.spec.memory_request_mib;
    requested.gpu += sign * v.spec.gpu;
    for (const int p : v.host_ports) sign < 0 ? (void)ports.erase(p) : (void)ports.insert(p);
  }
  bool cpu_short(const Resources& cap, const ContainerSpec& s) const {
    return requested.cpu + s.cpu_request > cap.cpu + kEpsilon;
  }
  bool memory_short(const Resources& cap, const ContainerSpec& s) const {
    return requested.memory_mib + s.memory_request_mib > cap.memory_mib + kEpsilon;
  }
  bool gpu_short(const Resources& cap, const ContainerSpec& s) const {
    return requested.gpu + s.gpu > cap.gpu;
  }
  bool port_clash(const PlacementRequest& r) const {
    return std::any_of(r.host_ports.begin(), r.host_ports.end(),
                       [&](int p) { return ports.contains(p); });
  }
  bool fits(const Resources& cap, const PlacementRequest& r) const {
    return !cpu_short(cap, r.spec) && !memory_short(cap, r.spec) && !gpu_short(cap, r.spec) &&
           !port_clash(r);
  }
  // Whether taking `v` off frees something `r` is short of.
  bool helps(const Resources& cap, const PlacementRequest& r, const PlacementRequest& v) const {
    const bool frees_port = std::any_of(v.host_ports.begin(), v.host_ports.end(), [&](int p) {
      return std::find(r.host_ports.begin(), r.host_ports.end(), p) != r.host_ports.end();
    });
    return (cpu_short(cap, r.spec) && v.spec.cpu_request > 0) ||
           (memory_short(cap, r.spec) && v.spec.memory_request_mib > 0) ||
           (gpu_short(cap, r.spec) && v.spec.gpu > 0) || frees_port;
  }
};

}  // namespace

std::optional<Scheduler::Preemption> Scheduler::preemption_on(std::size_t i,
                                                              const PlacementRequest& r) const {
  const SchedulerNode& n = nodes_[i];
  const auto group = n.group_count.find(group_of(r));
  if (!n.schedulable || !eligible(n, r) ||
      (group != n.group_count.end() && group->second > spread_floor(r)))
    return std::nullopt;
  const int rank = priority_rank(r.spec.priority);
  std::vector<const PlacementRequest*> candidates;
  for (const auto& [name, c] : n.containers)  // by name
    if (priority_rank(c.spec.priority) < rank) candidates.push_back(&c);
  std::stable_sort(candidates.begin(), candidates.end(), [](const auto* a, const auto* b) {
    return priority_rank(a->spec.priority) < priority_rank(b->spec.priority);
  });
  Trial trial{n.requested, n.ports};
  std::vector<const PlacementRequest*> victims;
  for (const auto* c : candidates) {
    if (trial.fits(n.capacity, r)) break;
    if (!trial.helps(n.capacity, r, *c)) continue;
    trial.take(*c, -1);
    victims.push_back(c);
  }
  if (!trial.fits(n.capacity, r)) return std::nullopt;
  // Reprieve: give back, highest priority first, every victim the container can live with.
  std::vector<bool> needed(victims.size(), true);
  for (std::size_t k = victims.size(); k-- > 0;) {
    trial.take(*victims[k], +1);
    if (trial.fits(n.capacity, r))
      needed[k] = false;
    else
      trial.take(*victims[k], -1);
  }
  Preemption p{i, {}, INT_MIN};
  for (std::size_t k = 0; k < victims.size(); ++k) {
    if (!needed[k]) continue;
    const PlacementRequest* v = victims[k];
    p.victims.push_back(v->spec.name);
    p.top_rank = std::max(p.top_rank, priority_rank(v->spec.priority));
  }
  std::sort(p.victims.begin(), p.victims.end());
  return p;
}

std::optional<Scheduler::Preemption> Scheduler::best_preemption(const PlacementRequest& r) const {
  std::optional<Preemption> best;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    auto p = preemption_on(i, r);
    if (!p) continue;
    const auto key = [](const Preemption& x) { return std::tuple(x.top_rank, x.victims.size()); };
    if (!best || key(*p) < key(*best)) best = std::move(p);  // ties: the first name
  }
  return best;
}

Unschedulable Scheduler::explain(const PlacementRequest& r) const {
  std::ostringstream why;
  const int floor = spread_floor(r);
  for (const auto& n : nodes_) {
    why << (&n == &nodes_.front() ? "" : "; ") << n.name << ": ";
    const Trial t{n.requested, n.ports};
    const auto group = n.group_count.find(group_of(r));
    if (!n.schedulable)
      why << "not schedulable";
    else if (!eligible(n, r))
      why << "a generic node takes no stateful replica";
    else if (t.cpu_short(n.capacity, r.spec))
      why << "cpu " << n.requested.cpu << " of " << n.capacity.cpu << " requested";
    else if (t.memory_short(n.capacity, r.spec))
      why << "memory " << n.requested.memory_mib << " of " << n.capacity.memory_mib
          << " MiB requested";
    else if (t.gpu_short(n.capacity, r.spec))
      why << "gpu " << n.requested.gpu << " of " << n.capacity.gpu << " in use";
    else if (t.port_clash(r))
      why << "host port taken";
    else if (group != n.group_count.end() && group->second > floor)
      why << "a replica of " << group_of(r) << " is already here";
    else
      why << "containers_max reached";
  }
  if (nodes_.empty()) why << "no nodes";
  return {r.spec.name, why.str()};
}

}  // namespace edgetwin::fw
