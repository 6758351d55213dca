#pragma once
// Places containers on the boxes of a site (or any set of nodes) under the overcommit rule:
// requests are guaranteed, so the sum of the requests on a node never exceeds its capacity;
// limits may (what is above a request is borrowed, see qos.hpp).
//
// Filter, then score, as Kubernetes' scheduler does:
// - filter: the node is schedulable; the requests (CPU, memory, GPUs: the EdgeBox has one T4)
//   fit in what the node has not promised yet; none of the container's host ports is taken on
//   the node; anti-affinity: replicas of one group (an app) are spread with a skew of at most
//   one over the schedulable nodes, so two replicas never share a box while another box of
//   the site has none (on a box failure the survivors count, so replicas move in). A
//   stateless-only node (a generic node: the data HA of MySQL-HA / Redis-HA is the EdgeBox
//   pair's) takes no stateful replica and does not count for a stateful group's spread.
// - score: `spread` prefers the least allocated node, `bin_pack` the most allocated one
//   (mean of CPU and memory request fractions after placing, in 1/10000 steps); ties go to the
//   node whose name sorts first. Nothing depends on insertion or pointer order.
// - preemption: when no node passes, a container may evict strictly lower-priority ones
//   (qos.hpp priority_rank). On each node it picks victims lowest priority first (then by
//   name), only ones that free something short, then gives back those not needed; among the
//   nodes it takes the one whose highest victim priority is lowest, then fewest victims, then
//   the name. The caller stops the victims it is told about.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/resources.hpp"
#include "edgetwin/firmware/base/result.hpp"

namespace edgetwin::fw {

enum class ScoringPolicy { spread, bin_pack };

struct PlacementRequest {
  ContainerSpec spec;
  std::vector<int> host_ports;
  std::string group;  // replicas of one group are kept apart; default: spec.app
};

struct Binding {
  std::string container;
  std::string node;
  std::vector<std::string> preempted;  // containers unbound to make room, to be stopped
};

struct Unschedulable {
  std::string container;
  std::string message;  // why, per node, e.g. "s001-a: cpu 38 of 40 requested"
};

struct SchedulerNode {
  std::string name;
  Resources capacity;
  Resources requested;  // sum of requests bound here
  Resources limits;     // sum of limits bound here (may exceed capacity: overcommit)
  bool schedulable = true;
  bool stateless_only = false;  // takes stateless replicas only (a generic node)
  std::set<int> ports;
  std::map<std::string, int> group_count;
  std::map<std::string, PlacementRequest> containers;
};

class Scheduler {
 public:
  static constexpr std::size_t kNodesMax = 4096;
  static constexpr std::size_t kContainersPerNodeMax = 1024;

  explicit Scheduler(ScoringPolicy policy = ScoringPolicy::spread) : policy_(policy) {}

  // False: exists or too many.
  bool add_node(const std::string& name, Resources capacity, bool stateless_only = false);
  // A down or cordoned node keeps its bindings but takes nothing new and does not count for
  // spreading.
  void set_schedulable(const std::string& name, bool schedulable);

  // Filters and scores, binds the container to the chosen node (after unbinding the victims
  // when `allow_preemption` had to preempt) and says where.
  Result<Binding, Unschedulable> schedule(const PlacementRequest& request,
                                          bool allow_preemption = true);
  // Records a container already running on `node` (actual state), without filtering.
  bool bind(const PlacementRequest& request, const std::string& node);
  bool unbind(const std::string& container);

  // Whether `request` would pass the filters on `node` (for planning a surge).
  bool fits(const PlacementRequest& request, const std::string& node) const;
  const SchedulerNode* node(const std::string& name) const;
  std::optional<std::string> node_of(const std::string& container) const;
  const std::vector<SchedulerNode>& nodes() const { return nodes_; }  // sorted by name
  ScoringPolicy policy() const { return policy_; }

 private:
  struct Preemption {
    std::size_t node;
    std::vector<std::string> victims;
    int top_rank;
  };
  SchedulerNode* find(const std::string& name);
  bool passes_resources(const SchedulerNode& n, const PlacementRequest& r) const;
  int spread_floor(const PlacementRequest& r) const;
  static bool eligible(const SchedulerNode& n, const PlacementRequest& r) {
    return r.spec.stateless || !n.stateless_only;
  }
  std::vector<std::size_t> feasible(const PlacementRequest& r) const;
  long score(const SchedulerNode& n, const PlacementRequest& r) const;
  std::optional<Preemption> preemption_on(std::size_t node, const PlacementRequest& r) const;
  std::optional<Preemption> best_preemption(const PlacementRequest& r) const;
  Unschedulable explain(const PlacementRequest& r) const;
  void bind_at(std::size_t node, const PlacementRequest& r);

  // Replicas of one group per node index: looked up once per placement, so the filter does
  // not search every node's own map (the 800-box benchmark).
  using GroupSpread = std::map<std::size_t, int>;
  const GroupSpread* spread_of(const std::string& group) const;
  int spread_floor(const GroupSpread* spread, const PlacementRequest& r) const;
  static int count_on(const GroupSpread* spread, std::size_t node);

  ScoringPolicy policy_;
  std::map<std::string, GroupSpread> groups_;
  std::vector<SchedulerNode> nodes_;
  std::map<std::string, std::size_t> node_index_;
  std::map<std::string, std::size_t> container_node_;
};

// The group of a request: its own, or its app.
const std::string& group_of(const PlacementRequest& r);

}  // namespace edgetwin::fw
