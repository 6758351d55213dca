#pragma once
// Liveness between the boxes of a site. Each box sends a heartbeat to every peer each
// `peer_interval` and declares a peer down when nothing was heard from it for `peer_timeout`:
// the deadline is re-armed at every heartbeat, so detection happens exactly `peer_timeout`
// after the last heartbeat received, not at the next sweep.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/node_identity.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/wire/messages.hpp"

namespace edgetwin::fw {

enum class PeerState { unknown, up, down };

struct PeerMonitorStats {
  std::uint64_t heartbeats_sent = 0;      // one per peer
  std::uint64_t heartbeats_received = 0;  // from a configured peer
  std::uint64_t strangers = 0;            // heartbeats from a node that is no peer of ours
  std::uint64_t declared_down = 0;
  std::uint64_t declared_up = 0;
};

class PeerMonitor {
 public:
  PeerMonitor(Platform& platform, const NodeIdentity& config, std::uint32_t boot_epoch);
  void start();
  void on_heartbeat(const PeerHeartbeat& heartbeat);
  PeerState state_of(const std::string& peer) const;
  const PeerMonitorStats& stats() const { return stats_; }
  // Verdicts (peer up or down) for the components that act on them: failover, fencing.
  void on_verdict(std::function<void(const std::string& peer, PeerState)> callback) {
    on_verdict_ = std::move(callback);
  }

 private:
  struct Peer {
    PeerState state = PeerState::unknown;
    Time last_heard;
    TimerId deadline = 0;
  };
  void send_heartbeats();
  void arm_deadline(const std::string& name, Peer& peer);
  void declare_down(const std::string& name);

  Platform& platform_;
  const NodeIdentity& config_;
  std::uint32_t boot_epoch_;
  std::uint64_t seq_ = 0;
  std::map<std::string, Peer> peers_;
  std::function<void(const std::string&, PeerState)> on_verdict_;
  PeerMonitorStats stats_;
};

std::string_view to_string(PeerState s);

}  // namespace edgetwin::fw
