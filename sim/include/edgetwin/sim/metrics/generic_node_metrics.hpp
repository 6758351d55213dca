#pragma once
// Generic nodes (docs/orchestration.md "Generic nodes"), from the event stream only:
// - generic_nodes_joined: time series, generic nodes that joined their site's cluster by their
//   start script (the cloud's `node.joined` events), from [0, 0];
// - generic_replicas_ready: time series, containers ready on generic nodes (the health
//   monitors' `container.ready`, less those its reconciler stopped, `reconcile.stop`); a
//   node's drop to 0 when a fault powers it off;
// - generic_evicted_replicas: replicas the cloud moved off generic nodes it took for down
//   (`node.evicted`), with the per-site companion generic_evicted_replicas_by_site.
#include <nlohmann/json.hpp>

#include "edgetwin/sim/metrics/metrics.hpp"

namespace edgetwin::sim {

void add_generic_node_metrics(const RunFacts& facts, nlohmann::ordered_json& metrics);

}  // namespace edgetwin::sim
