#pragma once
// Datagrams between nodes on the fast path (docs/simulation.md, "Datagrams"): a datagram lands
// at send time + its route's latency + its size over the route's bottleneck, as a lone SimGrid
// flow would under CM02, without being one. The route (its links) comes from the SimGrid
// platform once per pair of hosts, and so do its latency and bottleneck, read again after a
// link-degrade fault changed any link (link_properties_changed), so the fault applies at once.
// Reading them at each send cost a few cache misses per datagram (SimGrid's link objects of
// 8,000 boxes do not stay in cache), which is what made a 4,000-site fleet dearer per datagram. A datagram is lost when, at send or while in
// flight, a link on its route is down, the destination is off or rebooted, or a LAN split
// separates the two; the senders draw WAN loss and VIP conflicts as before.
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <simgrid/s4u.hpp>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/sim/engine/lan_partitions.hpp"
#include "edgetwin/sim/engine/world_loop.hpp"
#include "edgetwin/sim/record/network_counters.hpp"

namespace edgetwin::sim {

// Whatever can receive a datagram: a node with its power and boot count.
class DatagramReceiver {
 public:
  virtual bool powered() const = 0;
  virtual std::uint64_t incarnation() const = 0;  // boot count: changes at each power-on
  // `bytes` lives until the call returns (the buffer is reused).
  virtual void receive(const fw::Address& from, fw::Channel channel,
                       std::span<const std::byte> bytes) = 0;
  // A prefetch hint: a datagram for this receiver is next (WorldLoop::Target::warm).
  virtual void warm_receive() const {}

 protected:
  ~DatagramReceiver() = default;
};

class DatagramNetwork final : private WorldLoop::Target {
 public:
  // The links between two hosts, and what a datagram's flight time is made of.
  class Route {
   private:
    friend class DatagramNetwork;
    std::vector<simgrid::s4u::Link*> links;
    // Sum of the links' latencies and the bottleneck in bytes per second (-1: same host), as
    // of the network's `properties_epoch_` of that name.
    double latency_s = 0;
    double bottleneck = -1;
    std::uint64_t properties_epoch = 0;  // 0: never read
  };

  DatagramNetwork(WorldLoop& loop, NetworkCounters& counters, const LanPartitions& partitions);

  // The route from one host to another, found once per pair; the reference stays valid for
  // the network's life, so a sender may keep it.
  Route& route(simgrid::s4u::Host* from, simgrid::s4u::Host* to);

  // Sends `bytes` (the payload; `wire_bytes` with headers) from `from` on `from_host` to `to`.
  // The caller has already applied its own loss draws.
  void send(const std::string& from, simgrid::s4u::Host* from_host, DatagramReceiver& to,
            const std::string& to_name, simgrid::s4u::Host* to_host, fw::Channel channel,
            std::span<const std::byte> bytes, std::uint64_t wire_bytes,
            fw::Duration extra_delay = fw::Duration::zero()) {  // datagram-chaos
    send(route(from_host, to_host), from, to, to_name, channel, bytes, wire_bytes, extra_delay);
  }
  // The same over a route the sender kept.
  void send(Route& path, const std::string& from, DatagramReceiver& to,
            const std::string& to_name, fw::Channel channel, std::span<const std::byte> bytes,
            std::uint64_t wire_bytes, fw::Duration extra_delay = fw::Duration::zero());

  // A link's latency or bandwidth changed (link-degrade): every route reads its links again.
  void link_properties_changed() { ++properties_epoch_; }

 private:
  struct InFlight {
    fw::Address from;
    std::string to_name;
    DatagramReceiver* to = nullptr;
    std::uint64_t to_incarnation = 0;
    const Route* route = nullptr;
    fw::Time sent_at;
    fw::Channel channel = fw::Channel::firmware;
    fw::Bytes bytes;
  };
  struct HostPairHash {
    std::size_t operator()(const std::pair<const void*, const void*>& p) const {
      return std::hash<const void*>()(p.first) * 31 + std::hash<const void*>()(p.second);
    }
  };

  // The time `wire_bytes` take from one end of `path` to the other.
  double flight_s(Route& path, std::uint64_t wire_bytes) const;
  bool route_down_since(const Route& route, fw::Time since) const;
  void on_event(std::uint64_t slot) override;  // a datagram lands
  void warm(std::uint64_t slot) const override;

  WorldLoop& loop_;
  NetworkCounters& counters_;
  const LanPartitions& partitions_;
  // Lookup only, never iterated, so their order cannot reach an output.
  std::unordered_map<std::pair<const void*, const void*>, Route, HostPairHash> routes_;
  std::unordered_map<const simgrid::s4u::Link*, fw::Time> link_changed_at_;
  fw::Time last_link_change_;  // of any link
  std::uint64_t properties_epoch_ = 1;  // raised by link_properties_changed
  std::unordered_set<const simgrid::s4u::Link*> down_links_;
  // By slot; a slot's buffers are reused once it is free. A deque, so that a receiver that
  // sends while it reads its datagram does not move the buffer it reads.
  std::deque<InFlight> in_flight_;
  std::vector<std::uint64_t> free_slots_;
};

}  // namespace edgetwin::sim
