#pragma once
// Runs one scenario in a SimGrid engine and returns the run result (edgetwin.result/v1).
// SimGrid allows one engine per process: call this once per process.
#include <cstdint>
#include <optional>
#include <ostream>

#include <nlohmann/json.hpp>

#include "edgetwin/model/scenario.hpp"

namespace edgetwin::sim {

struct RunOptions {
  std::optional<std::uint64_t> seed;    // overrides the scenario's seed
  std::ostream* events = nullptr;       // JSON lines, streamed as the run goes
  bool progress = false;                // a progress line on stderr
  std::ostream* history = nullptr;      // the writes workloads' operations, JSON lines, at the end
  bool stop_at_violation = false;       // end the run at the first invariant violation
};

nlohmann::ordered_json run_scenario(const model::Scenario& scenario, const RunOptions& options);

}  // namespace edgetwin::sim
