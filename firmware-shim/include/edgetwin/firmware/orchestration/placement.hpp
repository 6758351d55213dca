#pragma once
// The one placement rule of a site's apps, used wherever a placement is needed (the initial
// deployment of the twin, the capacity reports, the cloud's deploy): every replica goes
// through the Scheduler, higher priorities first, then apps in the given order, replicas in
// index order. Replica r of app `x` is named "x-r".
#include <map>
#include <string>
#include <vector>

#include "edgetwin/firmware/orchestration/scheduler.hpp"

namespace edgetwin::fw {

struct AppReplicas {
  ContainerSpec spec;  // name is ignored: replicas are named "<app>-<r>"
  int replicas = 1;
  std::vector<int> host_ports;
};

struct NodeCapacity {
  std::string name;
  Resources capacity;
};

struct SitePlacement {
  std::map<std::string, std::vector<ContainerSpec>> by_node;  // every node, maybe empty
  std::vector<Unschedulable> unplaced;
};

// Places without preemption: a replica that does not fit is reported, nothing is evicted.
SitePlacement place_site(const std::vector<NodeCapacity>& nodes,
                         const std::vector<AppReplicas>& apps,
                         ScoringPolicy policy = ScoringPolicy::spread);

std::string replica_name(const std::string& app, int index);

}  // namespace edgetwin::fw
