#pragma once
// A node's statistics, composed by its agent from its components' plain `stats()` structs:
// what the twin sums for its metrics and what edgeboxd prints on SIGUSR1 and at exit, the same
// struct in both homes.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/agent.hpp"
#include "edgetwin/firmware/heartbeat/peer_monitor.hpp"
#include "edgetwin/firmware/data/data_service.hpp"
#include "edgetwin/firmware/ha/vip_lease.hpp"
#include "edgetwin/firmware/ha/vrrp_instance.hpp"
#include "edgetwin/firmware/wire/inbox.hpp"
#include "edgetwin/firmware/wire/sealing_platform.hpp"

namespace edgetwin::fw {

struct AgentStats {
  std::vector<InboxStats> inboxes;  // one per inbox the node reads (a first-boot box has two)
  std::optional<VrrpStats> vrrp;    // a box with HA
  std::optional<VrrpState> vrrp_state;
  bool vip_held = false;
  std::optional<LeaseStats> lease;  // a box whose VIP is fenced by a lease
  std::optional<PeerMonitorStats> peers;
  std::uint64_t container_restarts = 0;                // by the health monitor
  std::map<std::string, DataServiceCounters> data;     // replicated data services, by app

  // Datagrams the firmware refused as malformed, unauthenticated or from a stranger.
  std::uint64_t malformed_total() const;
  // Datagrams from an earlier boot of their sender.
  std::uint64_t stale_total() const;
};

// {"inbox": {...}, "vrrp_malformed": {...}, "vrrp_unauthenticated": {...}, "vrrp": {...},
//  "vrrp_state", "vip_held", "lease": {...}, "peers": {...}, "container_restarts",
//  "data": {app: {...}}}: counters by reason list only the reasons seen.
nlohmann::ordered_json to_json(const AgentStats& stats);

// The firmware of a node (box, cloud, witness): an agent that reports its statistics.
class NodeAgent : public Agent {
 public:
  virtual AgentStats stats() const = 0;
  // What this node sends firmware datagrams through (tests seal forgeries "as" it with it).
  virtual SealingPlatform* sealing() { return nullptr; }
};

}  // namespace edgetwin::fw
