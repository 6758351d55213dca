#pragma once
// The fault space `edgetwin explore` searches (docs/ha.md, "Fault search"): from a seed, a
// schedule of 1 to kFaultsMax faults on top of a scenario, as ordinary timeline entries. Every
// kind of model/fault_kinds.hpp can be drawn, on any site, box or app of the fleet, with
// parameters inside the product's stated design bounds (clock drift within the lease margin,
// delays shorter than an outage, one lost disk per site). Every drawn fault ends by `heal_by_s`, so
// that the run's last kSettleS show whether the sites converge.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "edgetwin/model/scenario.hpp"

namespace edgetwin::sim {

struct FaultSpace {
  static constexpr double kWarmupS = 30;   // the first elections and data roles settle
  static constexpr double kSettleS = 120;  // the convergence bound after the last fault heals
  static constexpr double kWindowMinS = 60;
  static constexpr int kFaultsMax = 5;
  static constexpr double kForMaxS = 120;
  static constexpr double kDriftPpmMax = 10'000;  // 1 %: well inside the lease's margin
  static constexpr double kChaosDelayMsMax = 1'000;
  static constexpr double kLossMax = 0.3;

  // When drawn faults may start and by when every one has ended.
  double from_s = kWarmupS;
  double heal_by_s = 0;

  // The space for `scenario`; nullopt (and `why`) when the scenario is too short to search.
  static std::optional<FaultSpace> for_scenario(const model::Scenario& scenario, std::string& why);
};

// The faults drawn for `seed`, each a timeline entry ({"at_s", "kind", "target", "for_s", ...}),
// in time order. The same scenario and seed always give the same schedule.
nlohmann::ordered_json draw_faults(const model::Scenario& scenario, const FaultSpace& space,
                                   std::uint64_t seed);

}  // namespace edgetwin::sim
