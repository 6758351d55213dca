#pragma once
// One step of a rolling upgrade of an app's replicas, as Kubernetes' Deployment controller
// does it: never more than `desired + max_surge` replicas exist, and never fewer than
// `desired - max_unavailable` are ready. Old replicas that are not ready go first (removing
// them costs no availability); ready old ones go only as far as the availability budget
// allows; new ones are created up to the surge budget and count only once ready.
//
// The step is a pure function of what exists now, so the caller (DesiredStateController)
// applies it, waits for readiness to change, and asks again. Whether a created replica fits
// on a box is the caller's business: a surge that does not fit is not created, and if then
// nothing can move (max_unavailable 0), the caller reports the upgrade as blocked.
#include <optional>
#include <string>
#include <vector>

namespace edgetwin::fw {

struct RollingStrategy {
  int max_unavailable = 1;
  int max_surge = 0;
};

// nullopt when usable; otherwise why not (both 0 cannot make progress; negatives).
std::optional<std::string> check_strategy(const RollingStrategy& strategy);

struct ReplicaView {
  std::string name;
  bool target_version = false;  // runs the version being rolled out
  bool ready = false;
};

struct RollingStep {
  std::vector<std::string> remove;  // old replicas to stop now, in this order
  int create = 0;                   // new replicas to create after the removals
};

RollingStep plan_rolling_step(int desired, const RollingStrategy& strategy,
                              const std::vector<ReplicaView>& replicas);

// Done: exactly `desired` replicas, all of the target version and ready.
bool rolling_done(int desired, const std::vector<ReplicaView>& replicas);

}  // namespace edgetwin::fw
