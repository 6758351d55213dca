#include "edgetwin/firmware/ha/service_failover.hpp"

#include <algorithm>
#include <utility>

#include "edgetwin/firmware/base/box_capacity.hpp"

namespace edgetwin::fw {

namespace {

bool critical(const ContainerSpec& s) { return s.priority == kCriticalPriority; }

// Whether stopping `victim` frees some resource that `need` is short of.
bool helps(const ContainerSpec& victim, const ContainerSpec& need, const Resources& free) {
  return (need.cpu_request > free.cpu + kRequestEpsilon && victim.cpu_request > 0) ||
         (need.memory_request_mib > free.memory_mib + kRequestEpsilon &&
          victim.memory_request_mib > 0) ||
         (need.gpu > free.gpu && victim.gpu > 0);
}

}  // namespace

ServiceFailover::ServiceFailover(Platform& platform, FailoverConfig config)
    : platform_(platform), config_(std::move(config)) {}

ServiceFailover::~ServiceFailover() {
  for (auto& [name, peer] : peers_) {
    platform_.cancel(peer.takeover);
    platform_.cancel(peer.giveback);
  }
}

void ServiceFailover::on_peer_down(const std::string& peer) {
  if (peer == config_.self) return;
  Peer& p = peers_[peer];
  if (p.down) return;
  p.down = true;
  platform_.cancel(p.giveback);  // it went down again before it earned its replicas back
  p.giveback = 0;
  p.takeover = platform_.after(config_.takeover_delay, [this, peer] { take_over(peer); });
}

void ServiceFailover::on_peer_up(const std::string& peer) {
  auto it = peers_.find(peer);
  if (it == peers_.end() || !it->second.down) return;  // the clock runs from the first "up"
  Peer& p = it->second;
  p.down = false;
  platform_.cancel(p.takeover);  // back before the takeover: nothing to move
  p.takeover = 0;
  p.giveback = platform_.after(config_.giveback_delay, [this, peer] { give_back(peer); });
}

bool ServiceFailover::is_evicted(const std::string& container) const {
  return evicted_.contains(container);
}

std::vector<std::string> ServiceFailover::evicted() const {
  std::vector<std::string> out;
  for (const auto& [name, e] : evicted_) out.push_back(name);
  return out;
}

Resources ServiceFailover::free_capacity() const {
  return fw::free_capacity(config_.capacity, platform_.runtime().containers());
}

void ServiceFailover::take_over(const std::string& peer) {
  peers_.at(peer).takeover = 0;
  auto it = config_.placement.find(peer);
  if (it == config_.placement.end()) return;
  std::vector<ContainerSpec> replicas = it->second;
  std::stable_sort(replicas.begin(), replicas.end(),
                   [](const auto& a, const auto& b) { return critical(a) && !critical(b); });
  for (const auto& spec : replicas) {
    if (on_box(spec.name)) continue;
    if (!spec.stateless) {
      unplaced(spec, peer, "stateful");
      continue;
    }
    if (adopted_.size() >= kAdoptedMax) {
      unplaced(spec, peer, "adopted_max");
      continue;
    }
    if (!place(spec, peer)) unplaced(spec, peer, "no_capacity");
  }
}

bool ServiceFailover::place(const ContainerSpec& spec, const std::string& peer) {
  if (!fits(spec, free_capacity()) && !(critical(spec) && make_room(spec, peer))) return false;
  platform_.runtime().start(spec);
  adopted_[spec.name] = peer;
  platform_.events().emit("service.adopt", {{"container", spec.name},
                                            {"app", spec.app},
                                            {"from", peer},
                                            {"priority", spec.priority},
                                            {"reason", "peer_down"}});
  return true;
}

// Chooses victims in eviction order until `spec` fits; evicts them only if it then does.
bool ServiceFailover::make_room(const ContainerSpec& spec, const std::string& peer) {
  Resources free = free_capacity();
  std::vector<ContainerSpec> victims;
  for (const auto& candidate : eviction_order()) {
    if (fits(spec, free)) break;
    if (!helps(candidate, spec, free)) continue;
    victims.push_back(candidate);
    release(free, candidate);
  }
  if (!fits(spec, free)) return false;
  for (const auto& victim : victims) evict(victim, spec, peer);
  return true;
}

// Non-critical replicas on this box: adopted ones, then own ones, each group by name.
std::vector<ContainerSpec> ServiceFailover::eviction_order() const {
  std::vector<ContainerSpec> adopted;
  std::vector<ContainerSpec> own;
  const auto self = config_.placement.find(config_.self);
  for (const auto& c : platform_.runtime().containers()) {
    if (c.state == ContainerState::stopped || critical(c.spec)) continue;
    if (adopted_.contains(c.spec.name)) {
      adopted.push_back(c.spec);
      continue;
    }
    if (self == config_.placement.end()) continue;
    const auto& mine = self->second;
    if (std::any_of(mine.begin(), mine.end(), [&](const auto& s) { return s.name == c.spec.name; }))
      own.push_back(c.spec);
  }
  adopted.insert(adopted.end(), own.begin(), own.end());  // containers() is sorted by name
  return adopted;
}

void ServiceFailover::evict(const ContainerSpec& victim, const ContainerSpec& for_spec,
                            const std::string& peer) {
  platform_.runtime().stop(victim.name);
  // An adopted victim just goes (its own box is down); an own one comes back at giveback.
  if (adopted_.erase(victim.name) == 0) evicted_[victim.name] = {victim, peer};
  platform_.events().emit("service.evict", {{"container", victim.name},
                                            {"app", victim.app},
                                            {"reason", "make_room"},
                                            {"for", for_spec.name}});
}

void ServiceFailover::give_back(const std::string& peer) {
  peers_.at(peer).giveback = 0;
  for (auto it = adopted_.begin(); it != adopted_.end();) {
    if (it->second != peer) {
      ++it;
      continue;
    }
    platform_.runtime().stop(it->first);
    platform_.events().emit("service.evict",
                            {{"container", it->first}, {"reason", "giveback"}, {"to", peer}});
    it = adopted_.erase(it);
  }
  for (auto it = evicted_.begin(); it != evicted_.end();) {
    if (it->second.for_peer != peer) {
      ++it;
      continue;
    }
    restore(it->second);
    it = evicted_.erase(it);
  }
}

void ServiceFailover::restore(const Evicted& evicted) {
  const ContainerSpec& spec = evicted.spec;
  if (on_box(spec.name)) return;
  if (!fits(spec, free_capacity())) return unplaced(spec, config_.self, "no_capacity");
  platform_.runtime().start(spec);
  platform_.events().emit("service.adopt", {{"container", spec.name},
                                            {"app", spec.app},
                                            {"from", config_.self},
                                            {"priority", spec.priority},
                                            {"reason", "restore"}});
}

bool ServiceFailover::on_box(const std::string& container) const {
  for (const auto& c : platform_.runtime().containers())
    if (c.spec.name == container && c.state != ContainerState::stopped) return true;
  return false;
}

void ServiceFailover::unplaced(const ContainerSpec& spec, const std::string& from,
                               std::string_view reason) {
  platform_.events().emit("service.unplaced", {{"container", spec.name},
                                               {"app", spec.app},
                                               {"from", from},
                                               {"priority", spec.priority},
                                               {"reason", reason}});
}

}  // namespace edgetwin::fw
