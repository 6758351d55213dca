#include "edgetwin/firmware/orchestration/scheduler.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <tuple>

#include "edgetwin/firmware/orchestration/qos.hpp"

namespace edgetwin::fw {
namespace {

// Requests are decimal fractions (0.1 CPU): sums must not refuse a container over rounding.
constexpr double kEpsilon = 1e-9;
constexpr double kScoreSteps = 10'000;

void add(Resources& total, const ContainerSpec& s, int sign) {
  total.cpu += sign * s.cpu_request;
  total.memory_mib += sign * s.memory_request_mib;
  total.gpu += sign * s.gpu;
}

void add_limits(Resources& total, const ContainerSpec& s, int sign) {
  total.cpu += sign * std::max(s.cpu_limit, s.cpu_request);
  total.memory_mib += sign * std::max(s.memory_limit_mib, s.memory_request_mib);
  total.gpu += sign * s.gpu;
}

bool requests_fit(const Resources& capacity, const Resources& requested, const ContainerSpec& s) {
  return requested.cpu + s.cpu_request <= capacity.cpu + kEpsilon &&
         requested.memory_mib + s.memory_request_mib <= capacity.memory_mib + kEpsilon &&
         requested.gpu + s.gpu <= capacity.gpu;
}

bool port_free(const std::set<int>& taken, const PlacementRequest& r) {
  return std::none_of(r.host_ports.begin(), r.host_ports.end(),
                      [&](int p) { return taken.contains(p); });
}

double fraction(double used, double capacity) { return capacity > 0 ? used / capacity : 1.0; }

}  // namespace

const std::string& group_of(const PlacementRequest& r) {
  return r.group.empty() ? r.spec.app : r.group;
}

SchedulerNode* Scheduler::find(const std::string& name) {
  const auto it = node_index_.find(name);
  return it == node_index_.end() ? nullptr : &nodes_[it->second];
}

const SchedulerNode* Scheduler::node(const std::string& name) const {
  const auto it = node_index_.find(name);
  return it == node_index_.end() ? nullptr : &nodes_[it->second];
}

bool Scheduler::add_node(const std::string& name, Resources capacity, bool stateless_only) {
  if (node_index_.contains(name) || nodes_.size() >= kNodesMax) return false;
  SchedulerNode n;
  n.name = name;
  n.capacity = capacity;
  n.stateless_only = stateless_only;
  const auto at =
      std::lower_bound(nodes_.begin(), nodes_.end(), name,
                       [](const SchedulerNode& x, const std::string& k) { return x.name < k; });
  const auto position = static_cast<std::size_t>(at - nodes_.begin());
  nodes_.insert(at, std::move(n));
  // Indexes at or after the new node move up by one wherever they are kept.
  for (std::size_t i = position; i < nodes_.size(); ++i) node_index_[nodes_[i].name] = i;
  for (auto& [container, index] : container_node_) index += index >= position ? 1 : 0;
  for (auto& [group, spread] : groups_) {
    GroupSpread shifted;
    for (const auto& [index, count] : spread)
      shifted[index >= position ? index + 1 : index] = count;
    spread = std::move(shifted);
  }
  return true;
}

void Scheduler::set_schedulable(const std::string& name, bool schedulable) {
  if (SchedulerNode* n = find(name)) n->schedulable = schedulable;
}

std::optional<std::string> Scheduler::node_of(const std::string& container) const {
  const auto it = container_node_.find(container);
  if (it == container_node_.end()) return std::nullopt;
  return nodes_[it->second].name;
}

bool Scheduler::passes_resources(const SchedulerNode& n, const PlacementRequest& r) const {
  return n.schedulable && eligible(n, r) && n.containers.size() < kContainersPerNodeMax &&
         requests_fit(n.capacity, n.requested, r.spec) && port_free(n.ports, r);
}

const Scheduler::GroupSpread* Scheduler::spread_of(const std::string& group) const {
  const auto it = groups_.find(group);
  return it == groups_.end() ? nullptr : &it->second;
}

int Scheduler::count_on(const GroupSpread* spread, std::size_t node) {
  if (!spread) return 0;
  const auto it = spread->find(node);
  return it == spread->end() ? 0 : it->second;
}

// The fewest replicas of a group on any schedulable node that may take the request: a node
// passes anti-affinity only at that count, which keeps the skew between nodes at most one.
int Scheduler::spread_floor(const GroupSpread* spread, const PlacementRequest& r) const {
  int floor = INT_MAX;
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (nodes_[i].schedulable && eligible(nodes_[i], r))
      floor = std::min(floor, count_on(spread, i));
  return floor;
}

int Scheduler::spread_floor(const PlacementRequest& r) const {
  return spread_floor(spread_of(group_of(r)), r);
}

bool Scheduler::fits(const PlacementRequest& r, const std::string& name) const {
  const auto it = node_index_.find(name);
  if (it == node_index_.end() || !passes_resources(nodes_[it->second], r)) return false;
  const GroupSpread* spread = spread_of(group_of(r));
  return count_on(spread, it->second) <= spread_floor(spread, r);
}

std::vector<std::size_t> Scheduler::feasible(const PlacementRequest& r) const {
  const GroupSpread* spread = spread_of(group_of(r));
  const int floor = spread_floor(spread, r);
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (passes_resources(nodes_[i], r) && count_on(spread, i) <= floor) out.push_back(i);
  return out;
}

// Higher is better. Quantised so that equal loads tie exactly and the name decides.
long Scheduler::score(const SchedulerNode& n, const PlacementRequest& r) const {
  const double cpu = fraction(n.requested.cpu + r.spec.cpu_request, n.capacity.cpu);
  const double memory =
      fraction(n.requested.memory_mib + r.spec.memory_request_mib, n.capacity.memory_mib);
  const long allocated = std::lround((cpu + memory) / 2 * kScoreSteps);
  return policy_ == ScoringPolicy::bin_pack ? allocated : -allocated;
}

Result<Binding, Unschedulable> Scheduler::schedule(const PlacementRequest& r,
                                                   bool allow_preemption) {
  using R = Result<Binding, Unschedulable>;
  if (container_node_.contains(r.spec.name))
    return R::failure({r.spec.name, "already placed on " + *node_of(r.spec.name)});
  const auto candidates = feasible(r);
  if (!candidates.empty()) {
    std::size_t best = candidates.front();
    long best_score = score(nodes_[best], r);
    for (const auto i : candidates) {  // ascending names: a tie keeps the first
      const long s = score(nodes_[i], r);
      if (s > best_score) std::tie(best, best_score) = std::tie(i, s);
    }
    bind_at(best, r);
    return Binding{r.spec.name, nodes_[best].name, {}};
  }
  const auto preemption = allow_preemption ? best_preemption(r) : std::nullopt;
  if (!preemption) return R::failure(explain(r));
  for (const auto& victim : preemption->victims) unbind(victim);
  bind_at(preemption->node, r);
  return Binding{r.spec.name, nodes_[preemption->node].name, preemption->victims};
}

void Scheduler::bind_at(std::size_t i, const PlacementRequest& r) {
  SchedulerNode& n = nodes_[i];
  add(n.requested, r.spec, +1);
  add_limits(n.limits, r.spec, +1);
  n.ports.insert(r.host_ports.begin(), r.host_ports.end());
  ++n.group_count[group_of(r)];
  ++groups_[group_of(r)][i];
  n.containers[r.spec.name] = r;
  container_node_[r.spec.name] = i;
}

bool Scheduler::bind(const PlacementRequest& r, const std::string& name) {
  const auto it = node_index_.find(name);
  if (it == node_index_.end() || container_node_.contains(r.spec.name)) return false;
  bind_at(it->second, r);
  return true;
}

bool Scheduler::unbind(const std::string& container) {
  const auto it = container_node_.find(container);
  if (it == container_node_.end()) return false;
  SchedulerNode& n = nodes_[it->second];
  const PlacementRequest r = n.containers.at(container);
  add(n.requested, r.spec, -1);
  add_limits(n.limits, r.spec, -1);
  for (const int p : r.host_ports) n.ports.erase(p);
  if (--n.group_count[group_of(r)] == 0) n.group_count.erase(group_of(r));
  GroupSpread& spread = groups_.at(group_of(r));
  if (--spread.at(it->second) == 0) spread.erase(it->second);
  if (spread.empty()) groups_.erase(group_of(r));
  n.containers.erase(container);
  container_node_.erase(it);
  return true;
}

}  // namespace edgetwin::fw
