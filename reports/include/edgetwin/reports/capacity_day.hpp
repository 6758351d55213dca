#pragma once
// Capacity over the day (docs/reports.md "Use over the day"): what the replicas placed on each
// box use at every hour of the simulated day (the apps' `use` profiles, CPU shared on the box
// by fw::share_cpu: model/load_profile.hpp, the twin's own rule), against their requests and
// limits; and per site whether its peak use fits the capacity left with its largest box down
// (N-1). A site can hold its requests N-1 and still not its peak: requests are what the
// scheduler guarantees, use above them is borrowed, and with one box down nothing is idle to
// lend.
#include <array>
#include <string>
#include <vector>

#include "edgetwin/model/fleet.hpp"
#include "edgetwin/model/load_profile.hpp"
#include "edgetwin/reports/capacity.hpp"

namespace edgetwin::reports {

using DayResources = std::array<Resources, model::kHoursPerDay>;  // cpus, memory_gib, gpus

struct BoxDay {
  std::string site;
  std::string box;
  Resources capacity;
  Resources requests;
  Resources limits;
  DayResources use{};  // per hour; GPUs: the requests of the replicas (no profile)
  int peak_hour = 0;   // the hour of the highest share of the box (CPU or memory)

  Resources peak_use() const { return use[static_cast<std::size_t>(peak_hour)]; }
};

struct SiteDay {
  std::string site;
  // Per hour: what every replica of the site wants (placed or not), each capped at its limit.
  DayResources want{};
  int peak_hour = 0;            // the hour of the highest share of the N-1 capacity
  Resources n1_capacity;        // the site's capacity without its largest box
  Resources peak_shortfall;     // peak want the remaining boxes cannot hold; all 0 = fits
  bool requests_fit_n1 = true;  // SiteN1::ok(): the requests alone pass N-1

  Resources peak_want() const { return want[static_cast<std::size_t>(peak_hour)]; }
  bool peak_fits_n1() const;
};

struct CapacityDay {
  std::vector<BoxDay> boxes;   // fleet order
  std::vector<SiteDay> sites;  // fleet order
  DayResources fleet_use{};    // sum over the boxes, per hour
  Resources fleet_capacity;
  int fleet_peak_hour = 0;

  // Sites whose peak use exceeds their N-1 capacity; and of those, the ones whose requests
  // pass N-1 (the risk a requests-only check misses).
  int peak_risk_sites() const;
  int peak_risk_sites_requests_fit() const;
};

CapacityDay compute_capacity_day(const model::Fleet& fleet, const CapacityReport& capacity);

}  // namespace edgetwin::reports
