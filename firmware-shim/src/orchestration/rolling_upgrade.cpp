#include "edgetwin/firmware/orchestration/rolling_upgrade.hpp"

#include <algorithm>

namespace edgetwin::fw {

std::optional<std::string> check_strategy(const RollingStrategy& s) {
  if (s.max_unavailable < 0 || s.max_surge < 0)
    return "max_unavailable and max_surge must not be negative";
  if (s.max_unavailable == 0 && s.max_surge == 0)
    return "max_unavailable and max_surge cannot both be 0: the upgrade could never start";
  return std::nullopt;
}

RollingStep plan_rolling_step(int desired, const RollingStrategy& strategy,
                              const std::vector<ReplicaView>& replicas) {
  RollingStep step;
  int ready = 0;
  int fresh = 0;  // of the target version
  for (const auto& r : replicas) {
    ready += r.ready ? 1 : 0;
    fresh += r.target_version ? 1 : 0;
  }
  // Old replicas that are not ready cost no availability: they go at once.
  for (const auto& r : replicas)
    if (!r.target_version && !r.ready) step.remove.push_back(r.name);
  // Surplus new replicas (the app was scaled in meanwhile), the unready ones first.
  int surplus = fresh - desired;
  for (const bool want_ready : {false, true})
    for (const auto& r : replicas)
      if (surplus > 0 && r.target_version && r.ready == want_ready) {
        step.remove.push_back(r.name);
        ready -= r.ready ? 1 : 0;
        --surplus;
      }
  fresh = std::min(fresh, desired);
  // Ready old ones as far as the availability budget allows.
  int budget = ready - std::max(0, desired - strategy.max_unavailable);
  for (const auto& r : replicas) {
    if (budget <= 0) break;
    if (r.target_version || !r.ready) continue;
    step.remove.push_back(r.name);
    --budget;
  }
  const int total = static_cast<int>(replicas.size() - step.remove.size());
  step.create = std::max(0, std::min(desired + strategy.max_surge - total, desired - fresh));
  return step;
}

bool rolling_done(int desired, const std::vector<ReplicaView>& replicas) {
  return static_cast<int>(replicas.size()) == desired &&
         std::all_of(replicas.begin(), replicas.end(),
                     [](const auto& r) { return r.target_version && r.ready; });
}

}  // namespace edgetwin::fw
