#include "edgetwin/firmware/ha/health_monitor.hpp"

#include <cassert>
#include <iterator>
#include <set>

namespace edgetwin::fw {

namespace {

bool failed(ProbeResult r) { return r != ProbeResult::ok; }

std::string_view cause_of(const ContainerState state, ProbeResult liveness) {
  if (state == ContainerState::failed) return "crashed";
  if (liveness == ProbeResult::timed_out) return "hung";
  return "liveness";
}

}  // namespace

HealthMonitor::HealthMonitor(Platform& platform, HealthConfig config)
    : platform_(platform), config_(config) {
  assert(config_.failure_threshold >= 1);
  // A timed-out probe's verdict must be in before the next probe of the same container begins.
  assert(config_.timeout < config_.period);
}

HealthMonitor::~HealthMonitor() {
  platform_.cancel(tick_);
  for (auto& [name, tracked] : tracked_) {
    platform_.cancel(tracked.verdict);
    platform_.cancel(tracked.restart);
  }
}

void HealthMonitor::start() {
  // Random phase: boxes that boot together must not probe in lockstep.
  const auto period_ns = static_cast<double>(config_.period.count_ns());
  const auto phase =
      Duration::nanoseconds(static_cast<std::int64_t>(platform_.rng().uniform01() * period_ns));
  tick_ = platform_.after(phase, [this] { tick(); });
}

std::optional<bool> HealthMonitor::ready(const std::string& container) const {
  auto it = tracked_.find(container);
  return it == tracked_.end() ? std::nullopt : it->second.ready;
}

std::optional<Time> HealthMonitor::unhealthy_since(const std::string& container) const {
  auto it = tracked_.find(container);
  return it == tracked_.end() ? std::nullopt : it->second.unhealthy_since;
}

int HealthMonitor::restarts_of(const std::string& container) const {
  auto it = tracked_.find(container);
  return it == tracked_.end() ? 0 : it->second.restarts;
}

void HealthMonitor::tick() {
  tick_ = platform_.after(config_.period, [this] { tick(); });
  const std::vector<ContainerStatus> containers = platform_.runtime().containers();
  sync(containers);
  for (const auto& c : containers) {
    auto it = tracked_.find(c.spec.name);
    if (it == tracked_.end() || it->second.restart != 0) continue;
    probe(c.spec.name, it->second, c.state);
  }
  update_health();
}

// Tracks what the runtime lists (up to the bound) and forgets what it no longer lists.
void HealthMonitor::sync(const std::vector<ContainerStatus>& containers) {
  std::set<std::string, std::less<>> listed;
  for (const auto& c : containers) {
    if (c.state == ContainerState::stopped) continue;
    listed.insert(c.spec.name);
    auto it = tracked_.find(c.spec.name);
    if (it == tracked_.end()) {
      if (tracked_.size() >= kContainersMax) {
        if (!overflow_reported_)
          platform_.events().emit("health.overflow",
                                  {{"container", c.spec.name}, {"tracked_max", kContainersMax}});
        overflow_reported_ = true;
        continue;
      }
      it = tracked_.emplace(c.spec.name, Tracked(config_.backoff)).first;
    }
    it->second.critical = c.spec.priority == kCriticalPriority;
  }
  for (auto it = tracked_.begin(); it != tracked_.end();) {
    auto next = std::next(it);
    if (!listed.contains(it->first)) forget(it);
    it = next;
  }
}

void HealthMonitor::forget(std::map<std::string, Tracked>::iterator it) {
  platform_.cancel(it->second.verdict);
  platform_.cancel(it->second.restart);
  tracked_.erase(it);
}

void HealthMonitor::probe(const std::string& name, Tracked& tracked, ContainerState state) {
  Runtime& runtime = platform_.runtime();
  const Probe result{state, runtime.probe(name, ProbeKind::liveness),
                     runtime.probe(name, ProbeKind::readiness)};
  const bool hung =
      result.liveness == ProbeResult::timed_out || result.readiness == ProbeResult::timed_out;
  if (!hung) {
    record(name, result);
    return;
  }
  // A hung probe is given up after `timeout`: only then is its failure known.
  tracked.verdict = platform_.after(config_.timeout, [this, name, result] {
    auto it = tracked_.find(name);
    if (it == tracked_.end()) return;
    it->second.verdict = 0;
    record(name, result);
    update_health();
  });
}

void HealthMonitor::record(const std::string& name, const Probe& result) {
  Tracked& tracked = tracked_.at(name);
  record_readiness(name, tracked, result.readiness);
  record_liveness(name, tracked, result);
}

void HealthMonitor::record_readiness(const std::string& name, Tracked& tracked,
                                     ProbeResult result) {
  if (!failed(result)) {
    tracked.readiness_failures = 0;
    set_ready(name, tracked, true);
    return;
  }
  ++tracked.readiness_failures;
  // The first answer decides; afterwards a threshold, so one slow answer does not flap it.
  if (!tracked.ready || tracked.readiness_failures >= config_.failure_threshold)
    set_ready(name, tracked, false);
}

void HealthMonitor::record_liveness(const std::string& name, Tracked& tracked,
                                    const Probe& result) {
  if (!failed(result.liveness) && result.state != ContainerState::failed) {
    tracked.liveness_failures = 0;
    return;
  }
  if (tracked.liveness_failures++ == 0) tracked.failing_since = platform_.now();
  tracked.cause = cause_of(result.state, result.liveness);
  if (tracked.liveness_failures >= config_.failure_threshold) schedule_restart(name, tracked);
}

void HealthMonitor::set_ready(const std::string& name, Tracked& tracked, bool ready) {
  if (tracked.ready == ready) return;
  // A container that has not been ready yet is starting, not unhealthy.
  if (!ready && tracked.ready == true) mark_unhealthy(tracked);
  if (ready) tracked.unhealthy_since.reset();
  tracked.ready = ready;
  platform_.events().emit("container.ready", {{"container", name}, {"ready", ready}});
}

void HealthMonitor::schedule_restart(const std::string& name, Tracked& tracked) {
  tracked.backoff_delay = tracked.backoff.next_delay(tracked.failing_since);
  mark_unhealthy(tracked);
  platform_.events().emit("container.unhealthy",
                          {{"container", name},
                           {"cause", tracked.cause},
                           {"failures", tracked.liveness_failures},
                           {"backoff_s", tracked.backoff_delay.to_seconds()}});
  tracked.restart = platform_.after(tracked.backoff_delay, [this, name] { restart(name); });
}

void HealthMonitor::restart(const std::string& name) {
  auto it = tracked_.find(name);
  if (it == tracked_.end()) return;
  Tracked& tracked = it->second;
  tracked.restart = 0;
  std::optional<ContainerSpec> spec;
  for (auto& c : platform_.runtime().containers())
    if (c.spec.name == name) spec = std::move(c.spec);
  if (!spec) return forget(it);  // removed meanwhile: not ours to bring back
  platform_.runtime().stop(name);
  platform_.runtime().start(*spec);
  tracked.backoff.on_started(platform_.now());
  tracked.liveness_failures = 0;
  tracked.readiness_failures = 0;
  ++tracked.restarts;
  ++restarts_;
  platform_.events().emit("container.restart", {{"container", name},
                                                {"app", spec->app},
                                                {"cause", tracked.cause},
                                                {"attempt", tracked.backoff.attempts()},
                                                {"backoff_s", tracked.backoff_delay.to_seconds()}});
  set_ready(name, tracked, false);  // until its readiness probe says otherwise
  update_health();
}

// It stopped serving at its first failed liveness probe, if that is what brought it down.
void HealthMonitor::mark_unhealthy(Tracked& tracked) {
  if (tracked.unhealthy_since) return;
  tracked.unhealthy_since = tracked.liveness_failures > 0 ? tracked.failing_since : platform_.now();
}

bool HealthMonitor::live(const Tracked& tracked) const {
  return tracked.restart == 0 && tracked.liveness_failures < config_.failure_threshold;
}

void HealthMonitor::update_health() {
  bool healthy = true;
  for (const auto& [name, tracked] : tracked_)
    if (tracked.critical && (!live(tracked) || !tracked.ready.value_or(true))) healthy = false;
  if (healthy == healthy_) return;
  healthy_ = healthy;
  platform_.events().emit("box.health", {{"healthy", healthy}});
  if (on_health_change_) on_health_change_(healthy);
}

}  // namespace edgetwin::fw
