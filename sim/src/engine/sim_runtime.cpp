#include "edgetwin/sim/engine/sim_runtime.hpp"

#include <algorithm>

namespace edgetwin::sim {

void SimRuntime::start(const fw::ContainerSpec& spec) {
  stop(spec.name);
  deployed_.push_back(spec);
  if (flaw_of_)
    if (auto flaw = flaw_of_(spec)) flawed_.insert_or_assign(spec.name, Flawed{*flaw, now_()});
  std::sort(deployed_.begin(), deployed_.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  if (powered_ && over_memory_ && over_memory_(spec)) oom_kill(spec.name);
}

void SimRuntime::stop(std::string_view name) {
  std::erase_if(deployed_, [&](const auto& s) { return s.name == name; });
  crashed_.erase(std::string(name));
  hung_.erase(std::string(name));
  if (const auto it = flawed_.find(name); it != flawed_.end()) flawed_.erase(it);
}

const ContainerFlaw* SimRuntime::flaw(std::string_view name) const {
  const auto it = flawed_.find(name);
  return it == flawed_.end() ? nullptr : &it->second.flaw;
}

// Crashed by a fault, OOM-killed, or past its crash time since it last started.
bool SimRuntime::failed(std::string_view name) const {
  if (crashed_.contains(name)) return true;
  const auto it = flawed_.find(name);
  if (it == flawed_.end()) return false;
  const ContainerFlaw& f = it->second.flaw;
  return f.oom || (f.crash_after && now_() - it->second.started_at >= *f.crash_after);
}

std::vector<fw::ContainerStatus> SimRuntime::containers() const {
  std::vector<fw::ContainerStatus> out;
  for (const auto& spec : deployed_) {
    auto state = powered_ ? fw::ContainerState::running : fw::ContainerState::stopped;
    if (powered_ && failed(spec.name)) state = fw::ContainerState::failed;
    out.push_back({spec, state});
  }
  return out;
}

fw::ProbeResult SimRuntime::probe(std::string_view container, fw::ProbeKind kind) {
  const bool deployed = std::any_of(deployed_.begin(), deployed_.end(),
                                    [&](const auto& s) { return s.name == container; });
  if (!powered_ || !deployed || failed(container)) return fw::ProbeResult::failed;
  if (hung_.contains(container)) return fw::ProbeResult::timed_out;
  const ContainerFlaw* f = flaw(container);
  if (f && f->probe_timeout) return fw::ProbeResult::timed_out;
  if (kind == fw::ProbeKind::readiness && f && f->throttled) return fw::ProbeResult::timed_out;
  if (kind == fw::ProbeKind::readiness && (not_ready_.contains(container) || (f && f->unready)))
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
