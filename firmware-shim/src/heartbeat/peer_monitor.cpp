#include "edgetwin/firmware/heartbeat/peer_monitor.hpp"

#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

std::string_view to_string(PeerState s) {
  switch (s) {
    case PeerState::unknown: return "unknown";
    case PeerState::up: return "up";
    case PeerState::down: return "down";
  }
  return "unknown";
}

PeerMonitor::PeerMonitor(Platform& platform, const NodeIdentity& config, std::uint32_t boot_epoch)
    : platform_(platform), config_(config), boot_epoch_(boot_epoch) {
  for (const auto& peer : config_.peers) peers_.emplace(peer.node, Peer{});
}

void PeerMonitor::start() {
  // A peer never heard from after boot is declared down after one timeout, like a silent one.
  for (auto& [name, peer] : peers_) {
    peer.last_heard = platform_.now();
    arm_deadline(name, peer);
  }
  // Random phase: boxes that boot together must not heartbeat in lockstep.
  const auto interval_ns = config_.timing.peer_interval.count_ns();
  const auto phase = Duration::nanoseconds(
      static_cast<std::int64_t>(platform_.rng().uniform01() * static_cast<double>(interval_ns)));
  platform_.after(phase, [this] { send_heartbeats(); });
}

void PeerMonitor::send_heartbeats() {
  const PeerHeartbeat hb{config_.name, ++seq_};
  const Bytes bytes = encode_envelope(MessageType::peer_heartbeat, boot_epoch_, hb.encode());
  for (const auto& peer : config_.peers) {
    platform_.send(peer, Channel::firmware, bytes);
    ++stats_.heartbeats_sent;
  }
  platform_.after(config_.timing.peer_interval, [this] { send_heartbeats(); });
}

void PeerMonitor::on_heartbeat(const PeerHeartbeat& heartbeat) {
  auto it = peers_.find(heartbeat.from);
  if (it == peers_.end()) {  // not a peer of ours: ignore, never trust
    ++stats_.strangers;
    return;
  }
  ++stats_.heartbeats_received;
  Peer& peer = it->second;
  peer.last_heard = platform_.now();
  arm_deadline(heartbeat.from, peer);
  if (peer.state == PeerState::up) return;
  platform_.events().emit("peer.up", {{"peer", heartbeat.from}, {"from", to_string(peer.state)}});
  peer.state = PeerState::up;
  ++stats_.declared_up;
  if (on_verdict_) on_verdict_(heartbeat.from, PeerState::up);
}

void PeerMonitor::arm_deadline(const std::string& name, Peer& peer) {
  platform_.cancel(peer.deadline);
  peer.deadline = platform_.after(config_.timing.peer_timeout, [this, name] { declare_down(name); });
}

void PeerMonitor::declare_down(const std::string& name) {
  Peer& peer = peers_.at(name);
  peer.deadline = 0;
  if (peer.state == PeerState::down) return;
  const double silent_s = (platform_.now() - peer.last_heard).to_seconds();
  platform_.events().emit("peer.down", {{"peer", name},
                                        {"from", to_string(peer.state)},
                                        {"silent_s", silent_s}});
  peer.state = PeerState::down;
  ++stats_.declared_down;
  if (on_verdict_) on_verdict_(name, PeerState::down);
}

PeerState PeerMonitor::state_of(const std::string& peer) const {
  auto it = peers_.find(peer);
  return it == peers_.end() ? PeerState::unknown : it->second.state;
}

}  // namespace edgetwin::fw
