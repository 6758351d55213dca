#include "edgetwin/sim/setup/install_schedule.hpp"

#include <algorithm>
#include <map>

#include "edgetwin/firmware/base/seeded_rng.hpp"

namespace edgetwin::sim {

namespace {

constexpr double kDayS = 86400;

}  // namespace

std::vector<SiteInstall> install_plan(const model::Scenario& scenario, std::uint64_t seed) {
  std::vector<SiteInstall> plan;
  for (const auto& site : scenario.fleet.sites) plan.push_back({site.name, 0});
  if (!scenario.install) return plan;
  const model::InstallSchedule& schedule = *scenario.install;
  if (schedule.order == "random") {
    // Fisher-Yates over the run's own stream: the same seed, the same order.
    fw::SeededRng rng(seed, "install/order");
    for (std::size_t i = plan.size(); i > 1; --i) {
      const std::size_t j = static_cast<std::size_t>(rng.next_u64() % i);
      std::swap(plan[i - 1], plan[j]);
    }
  }
  const double gap_s = kDayS / schedule.sites_per_day;
  for (std::size_t k = 0; k < plan.size(); ++k)
    plan[k].at_s = schedule.from_s + static_cast<double>(k) * gap_s;
  return plan;
}

void follow_install_order(fw::RolloutConfig& config, const std::vector<SiteInstall>& plan) {
  std::map<std::string, std::size_t> rank;
  for (std::size_t k = 0; k < plan.size(); ++k) rank.emplace(plan[k].site, k);
  std::stable_sort(config.sites.begin(), config.sites.end(),
                   [&](const fw::RolloutSite& a, const fw::RolloutSite& b) {
                     const auto ra = rank.find(a.name), rb = rank.find(b.name);
                     const std::size_t ka = ra == rank.end() ? plan.size() : ra->second;
                     const std::size_t kb = rb == rank.end() ? plan.size() : rb->second;
                     return ka < kb;
                   });
}

}  // namespace edgetwin::sim
