#pragma once
// The manual's overcommit rule (资源超分): "resources are set by lower and upper bounds: the
// app's availability is guaranteed, it cannot crowd out other apps too much, and resources
// above the lower bound are taken on demand". In Kubernetes terms: the request is guaranteed
// (the scheduler never places more requests than a box has), use above the request up to the
// limit is borrowed from whatever is idle and is the first to be reclaimed. QoS classes follow
// from requests vs limits, as in Kubernetes:
//   guaranteed  - CPU and memory requests equal their limits (and are not zero);
//   best_effort - no requests and no limits at all;
//   burstable   - everything else.
#include <string>
#include <string_view>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

enum class QosClass { guaranteed, burstable, best_effort };

QosClass qos_class(const ContainerSpec& spec);
std::string_view to_string(QosClass qos);

// The scheduling priority of a container's free-text priority: "critical" > "high" > ""
// (or "normal") > "low"; any other text counts as "". Higher preempts lower.
int priority_rank(std::string_view priority);

// What one container asks of a box's CPU at one moment.
struct CpuDemand {
  double request = 0;
  double limit = 0;  // 0: no limit (up to the box)
  double want = 0;   // what it would use if nothing held it back
};

// How a box's CPU is shared when demands compete: each container first gets what it wants up
// to its request (guaranteed), then the idle rest is lent to the containers that want more, in
// proportion to their requests (best-effort ones with a minimal weight), never beyond a
// container's limit. Returns the grant per demand, in input order. If the requests alone
// exceed the capacity (a box that lost capacity), the guaranteed parts shrink proportionally.
std::vector<double> share_cpu(double capacity, const std::vector<CpuDemand>& demands);

// What one container uses of a box's memory at one moment.
struct MemoryUse {
  std::string container;
  ContainerSpec spec;
  double used_mib = 0;
};

// Memory cannot be throttled, only reclaimed by stopping containers. When the total use
// exceeds `capacity_mib`, returns the containers to stop, in order, until it fits: never one
// within its request while any borrower remains; best-effort first, then burstable by how far
// they are above their request (largest first), then lower priority first; ties by name.
std::vector<std::string> memory_reclaim_order(double capacity_mib,
                                              const std::vector<MemoryUse>& uses);

}  // namespace edgetwin::fw
