#pragma once
// A factory fleet's install schedule (a scenario's `install`, docs/activation.md): which site
// is installed when. Installers put `sites_per_day` sites in at a steady rate from `from_s`,
// in the fleet's order or in an order drawn from the run's seed ("random"); a site's boxes
// power on, and the operator issues their bind codes, when the site is installed. The
// rollout's canary and waves follow the same order, so the first site in is the canary.
#include <cstdint>
#include <string>
#include <vector>

#include "edgetwin/firmware/rollout/rollout_controller.hpp"
#include "edgetwin/model/scenario.hpp"

namespace edgetwin::sim {

struct SiteInstall {
  std::string site;
  double at_s = 0;
};

// Every site of the fleet in install order, with its time. `seed` is the run's.
std::vector<SiteInstall> install_plan(const model::Scenario& scenario, std::uint64_t seed);

// `config.sites` reordered to follow `plan` (sites the plan does not name keep their order,
// after the others).
void follow_install_order(fw::RolloutConfig& config, const std::vector<SiteInstall>& plan);

}  // namespace edgetwin::sim
