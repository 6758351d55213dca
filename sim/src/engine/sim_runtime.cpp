#include "edgetwin/sim/engine/sim_runtime.hpp"

#include <algorithm>

namespace edgetwin::sim {

void SimRuntime::start(const fw::ContainerSpec& spec) {
  stop(spec.name);
  deployed_.push_back(spec);
  std::sort(deployed_.begin(), deployed_.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
}

void SimRuntime::stop(std::string_view name) {
  std::erase_if(deployed_, [&](const auto& s) { return s.name == name; });
  crashed_.erase(std::string(name));
  hung_.erase(std::string(name));
}

std::vector<fw::ContainerStatus> SimRuntime::containers() const {
  std::vector<fw::ContainerStatus> out;
  for (const auto& spec : deployed_) {
    auto state = powered_ ? fw::ContainerState::running : fw::ContainerState::stopped;
    if (powered_ && crashed_.contains(spec.name)) state = fw::ContainerState::failed;
    out.push_back({spec, state});
  }
  return out;
}

fw::ProbeResult SimRuntime::probe(std::string_view container, fw::ProbeKind kind) {
  const bool deployed = std::any_of(deployed_.begin(), deployed_.end(),
                                    [&](const auto& s) { return s.name == container; });
  if (!powered_ || !deployed || crashed_.contains(container)) return fw::ProbeResult::failed;
  if (hung_.contains(container)) return fw::ProbeResult::timed_out;
  if (kind == fw::ProbeKind::readiness && not_ready_.contains(container))
    return fw::ProbeResult::failed;
  return fw::ProbeResult::ok;
}

void SimRuntime::fail_readiness(std::string_view name, bool failing) {
  if (failing)
    not_ready_.emplace(name);
  else
    not_ready_.erase(std::string(name));
}

}  // namespace edgetwin::sim
