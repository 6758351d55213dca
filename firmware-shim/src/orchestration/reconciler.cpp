#include "edgetwin/firmware/orchestration/reconciler.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "edgetwin/firmware/base/box_capacity.hpp"

namespace edgetwin::fw {

Reconciler::Reconciler(Platform& platform, ReconcilerConfig config)
    : platform_(platform), config_(config) {}

Reconciler::~Reconciler() {
  platform_.cancel(tick_);
  for (auto& [name, r] : restarts_) platform_.cancel(r.pending);
}

void Reconciler::start() {
  if (const auto bytes = platform_.disk().read(kDesiredStateKey)) {
    if (auto state = decode_desired_state(*bytes)) {
      desired_ = std::move(*state);
      platform_.events().emit("desired.restored", {{"generation", desired_.generation},
                                                   {"containers", desired_.containers.size()}});
    }
  }
  reconcile();
  platform_.cancel(tick_);
  tick_ = platform_.after(config_.interval, [this] { tick(); });
}

void Reconciler::tick() {
  reconcile();
  tick_ = platform_.after(config_.interval, [this] { tick(); });
}

bool Reconciler::apply(const BoxDesiredState& state) {
  if (state.generation <= desired_.generation || state.containers.size() > kContainersMax) {
    platform_.events().emit("desired.ignored",
                            {{"generation", state.generation}, {"held", desired_.generation}});
    return false;
  }
  const Bytes bytes = encode_desired_state(state);
  platform_.disk().write(kDesiredStateKey, bytes, Durability::synced);
  std::set<std::string> kept;
  for (const auto& c : state.containers) kept.insert(c.name);
  for (const auto& old : desired_.containers) {
    if (kept.contains(old.name)) continue;
    forget_restart(old.name);
    platform_.runtime().stop(old.name);
    platform_.events().emit("reconcile.stop", {{"container", old.name}, {"reason", "removed"}});
  }
  desired_ = state;
  std::sort(desired_.containers.begin(), desired_.containers.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  platform_.events().emit("desired.applied", {{"generation", desired_.generation},
                                              {"containers", desired_.containers.size()}});
  reconcile();
  return true;
}

void Reconciler::reconcile() {
  const auto containers = platform_.runtime().containers();
  Resources free = free_capacity(config_.capacity.value_or(Resources{}), containers);
  std::map<std::string, ContainerStatus> actual;
  for (const auto& c : containers) actual.emplace(c.spec.name, c);
  for (const auto& spec : desired_.containers) {
    const auto it = actual.find(spec.name);
    if (it == actual.end() || it->second.state == ContainerState::stopped) {
      if (config_.held && config_.held(spec.name)) continue;
      if (!admit(spec, free)) continue;
      forget_restart(spec.name);
      start_container(spec, "missing");
    } else if (!same_spec(it->second.spec, spec)) {
      Resources without_old = free;
      release(without_old, it->second.spec);
      if (!admit(spec, without_old)) continue;
      free = without_old;
      forget_restart(spec.name);
      start_container(spec, "changed");
    } else if (it->second.state == ContainerState::failed && config_.restart_failed) {
      schedule_restart(spec);
    }
  }
}

bool Reconciler::admit(const ContainerSpec& spec, Resources& free) {
  if (!config_.capacity) return true;
  if (!fits(spec, free)) {
    if (waiting_.insert(spec.name).second)
      platform_.events().emit("reconcile.wait",
                              {{"container", spec.name}, {"app", spec.app}, {"reason", "no_capacity"}});
    return false;
  }
  waiting_.erase(spec.name);
  take(free, spec);
  return true;
}

void Reconciler::start_container(const ContainerSpec& spec, std::string_view reason) {
  platform_.runtime().start(spec);  // replaces a container of the same name
  ++starts_;
  platform_.events().emit("reconcile.start",
                          {{"container", spec.name}, {"app", spec.app}, {"reason", reason}});
}

void Reconciler::schedule_restart(const ContainerSpec& spec) {
  auto [it, inserted] = restarts_.try_emplace(spec.name, Restart{BackoffPolicy(config_.backoff)});
  if (it->second.pending != 0) return;  // already waiting out its back-off
  const Duration delay = it->second.backoff.next_delay(platform_.now());
  it->second.pending = platform_.after(delay, [this, name = spec.name] {
    Restart& r = restarts_.at(name);
    r.pending = 0;
    const auto spec = std::find_if(desired_.containers.begin(), desired_.containers.end(),
                                   [&](const auto& c) { return c.name == name; });
    if (spec == desired_.containers.end()) return;
    start_container(*spec, "crashed");
    r.backoff.on_started(platform_.now());
  });
}

void Reconciler::forget_restart(const std::string& name) {
  const auto it = restarts_.find(name);
  if (it == restarts_.end()) return;
  platform_.cancel(it->second.pending);
  restarts_.erase(it);
}

}  // namespace edgetwin::fw
