#pragma once
// unavailable_s: per app and site, the time during which no replica of the app served.
// Reconstructed from the run's events: a replica serves while its box is powered, it is placed
// there (initial deployment, service.adopt, service.evict), it is not crashed or hung (from
// the fault until container.restart) and its readiness probe does not say otherwise
// (container.ready).
#include <nlohmann/json.hpp>

#include "edgetwin/sim/metrics/metrics.hpp"

namespace edgetwin::sim {

void add_availability_metrics(const RunFacts& facts, nlohmann::ordered_json& metrics);

}  // namespace edgetwin::sim
