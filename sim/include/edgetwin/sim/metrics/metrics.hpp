#pragma once
// Metrics of a run (FORMATS.md's table), computed after the run from the event log and the
// played fault timeline: the simulation records what happened, the metrics interpret it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgetwin/model/fleet.hpp"
#include "edgetwin/sim/record/event_log.hpp"
#include "edgetwin/sim/record/fault_window.hpp"
#include "edgetwin/sim/record/network_counters.hpp"
#include "edgetwin/sim/workloads/data_checker.hpp"

namespace edgetwin::sim {

struct RunFacts {
  const model::Fleet& fleet;
  const std::vector<LoggedEvent>& events;
  const std::vector<FaultWindow>& faults;
  NetworkCounters network;
  std::uint64_t malformed_datagrams = 0;  // dropped by the firmware's decoders
  std::uint64_t stale_datagrams = 0;      // dropped by the firmware's boot-epoch check
  double duration_s = 0;
  // Data HA (data_checker.hpp): the checker's results when the scenario has writes workloads,
  // and its unavailable_s by (site, app), which replaces "no replica serving" for those apps.
  const std::vector<DataCheck>* data_checks = nullptr;
  std::map<std::pair<std::string, std::string>, double> data_unavailable_s;
  // `start: factory`: the boxes run nothing at t=0; apps serve once a rollout deploys them.
  bool factory_start = false;
  // An install schedule's `from_s` (a factory start with `install`): the sites' phases count
  // from there (first_deployment_metrics.hpp); absent: every box powered on at t=0.
  std::optional<double> install_from_s;
};

// {"count","p50","p99","max","by_site":{site: worst}} of (site, seconds) samples.
nlohmann::ordered_json distribution(std::vector<std::pair<std::string, double>> samples);

nlohmann::ordered_json compute_metrics(const RunFacts& facts);

}  // namespace edgetwin::sim
