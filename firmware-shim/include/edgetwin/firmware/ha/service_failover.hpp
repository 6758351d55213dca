#pragma once
// Moves stateless service replicas off a dead box of the site onto this one, and gives them
// back when the box returns.
//
// Takeover: `takeover_delay` after on_peer_down(peer), this box starts the peer's stateless
// replicas from the site's desired placement, critical ones first (then in placement order),
// each only if its requests fit in what is free here: capacity minus the requests of every
// container on the runtime that is not stopped. Names stay the same, so the twin tracks a
// replica across boxes. A replica already on this box is left alone. Stateful replicas are
// never adopted (their data lives on the dead box: the data-HA component's job).
//
// Making room: a critical replica that does not fit may evict non-critical replicas here, in
// this order: adopted replicas first (their own box is down anyway), then this box's own
// replicas (from its placement); within each group by name. A candidate is taken only if it
// frees a resource that is short, and nothing is evicted unless the evictions together make
// the critical replica fit. Containers that are neither adopted nor in this box's placement
// are never touched.
//
// Giveback (rebalancing): once the peer has been up for `giveback_delay` without going down
// again (so a flapping peer does not ping-pong services), the replicas adopted from it are
// stopped here (its runtime restarts its own replicas at boot, so for that while both boxes
// run them, which is harmless for stateless ones) and this box's own replicas evicted to make
// room for them are started again if they fit.
//
// Events: "service.adopt" (reason "peer_down" or "restore"), "service.evict" (reason
// "make_room" or "giveback"), "service.unplaced" (reason "no_capacity", "stateful" or
// "adopted_max"). A replica left unplaced is not retried until the next on_peer_down.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/resources.hpp"
#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::fw {

struct FailoverConfig {
  std::string self;                                             // this box's name
  Resources capacity;                                           // of this box
  std::map<std::string, std::vector<ContainerSpec>> placement;  // desired: box → replicas
  Duration takeover_delay = Duration::zero();
  Duration giveback_delay = Duration::seconds(60);
};

class ServiceFailover {
 public:
  // Bound on replicas adopted at once; beyond it a replica is left unplaced.
  static constexpr std::size_t kAdoptedMax = 256;

  ServiceFailover(Platform& platform, FailoverConfig config);
  ~ServiceFailover();
  ServiceFailover(const ServiceFailover&) = delete;
  ServiceFailover& operator=(const ServiceFailover&) = delete;

  // A new desired placement of the site (the cloud's, after a deploy or an upgrade): what is
  // adopted from now on. Replicas adopted under the previous one stay until the giveback.
  void set_placement(std::map<std::string, std::vector<ContainerSpec>> placement) {
    config_.placement = std::move(placement);
  }
  bool is_evicted(const std::string& container) const;
  void on_peer_down(const std::string& peer);
  void on_peer_up(const std::string& peer);

  // Adopted replica → the box it belongs to.
  const std::map<std::string, std::string>& adopted() const { return adopted_; }
  // Own replicas stopped to make room, waiting for the giveback.
  std::vector<std::string> evicted() const;
  Resources free_capacity() const;

 private:
  struct Peer {
    bool down = false;
    TimerId takeover = 0;
    TimerId giveback = 0;
  };
  struct Evicted {
    ContainerSpec spec;
    std::string for_peer;  // whose replicas it made room for
  };

  void take_over(const std::string& peer);
  bool place(const ContainerSpec& spec, const std::string& peer);
  bool make_room(const ContainerSpec& spec, const std::string& peer);
  std::vector<ContainerSpec> eviction_order() const;
  void evict(const ContainerSpec& victim, const ContainerSpec& for_spec, const std::string& peer);
  void give_back(const std::string& peer);
  void restore(const Evicted& evicted);
  bool on_box(const std::string& container) const;
  void unplaced(const ContainerSpec& spec, const std::string& from, std::string_view reason);

  Platform& platform_;
  FailoverConfig config_;
  std::map<std::string, Peer> peers_;
  std::map<std::string, std::string> adopted_;
  std::map<std::string, Evicted> evicted_;
};

}  // namespace edgetwin::fw
