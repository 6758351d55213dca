#include "edgetwin/sim/engine/datagram_network.hpp"

#include <algorithm>
#include <cmath>

namespace edgetwin::sim {
namespace sg4 = simgrid::s4u;

namespace {

// SimGrid's default `network/TCP-gamma` (bytes): under CM02 a flow's rate is also bounded by
// gamma / (2 x route latency), the window limit. Applied here so that a datagram takes what a
// lone flow of its size would.
constexpr double kTcpGammaBytes = 4194304.0;

}  // namespace

DatagramNetwork::DatagramNetwork(WorldLoop& loop, NetworkCounters& counters,
                                 const LanPartitions& partitions)
    : loop_(loop), counters_(counters), partitions_(partitions) {
  // A link that fails or recovers while a datagram crosses it loses that datagram; the time
  // of the last change is all the landing check needs. One engine per process, so the
  // signal outlives no network that could still read it.
  sg4::Link::on_state_change_cb([this](const sg4::Link& link) {
    link_changed_at_[&link] = loop_.now();
    last_link_change_ = loop_.now();
    if (link.is_on())
      down_links_.erase(&link);
    else
      down_links_.insert(&link);
  });
}

DatagramNetwork::Route& DatagramNetwork::route(sg4::Host* from, sg4::Host* to) {
  auto [it, inserted] = routes_.try_emplace({from, to});
  if (inserted) {
    double ignored_latency = 0;
    from->route_to(to, it->second.links, &ignored_latency);
  }
  return it->second;
}

bool DatagramNetwork::route_down_since(const Route& route, fw::Time since) const {
  if (down_links_.empty() && last_link_change_ <= since) return false;  // no link fault in force
  return std::any_of(route.links.begin(), route.links.end(), [&](const sg4::Link* link) {
    if (!link->is_on()) return true;
    const auto changed = link_changed_at_.find(link);
    return changed != link_changed_at_.end() && changed->second > since;
  });
}

double DatagramNetwork::flight_s(Route& path, std::uint64_t wire_bytes) const {
  if (path.properties_epoch != properties_epoch_) {
    double latency_s = 0;
    double bottleneck = -1;  // bytes per second; -1: no link (same host)
    for (const auto* link : path.links) {
      latency_s += link->get_latency();
      if (bottleneck < 0 || link->get_bandwidth() < bottleneck) bottleneck = link->get_bandwidth();
    }
    if (latency_s > 0) {
      const double window = kTcpGammaBytes / (2 * latency_s);
      if (bottleneck < 0 || window < bottleneck) bottleneck = window;
    }
    path.latency_s = latency_s;
    path.bottleneck = bottleneck;
    path.properties_epoch = properties_epoch_;
  }
  const double transfer_s =
      path.bottleneck > 0 ? static_cast<double>(wire_bytes) / path.bottleneck : 0;
  return path.latency_s + transfer_s;
}

void DatagramNetwork::send(Route& path, const std::string& from, DatagramReceiver& to,
                           const std::string& to_name, fw::Channel channel,
                           std::span<const std::byte> bytes, std::uint64_t wire_bytes,
                           fw::Duration extra_delay) {
  if (!to.powered() || route_down_since(path, loop_.now())) {
    ++counters_.datagrams_lost;
    return;
  }
  const auto flight =
      fw::Duration::nanoseconds(std::llround(flight_s(path, wire_bytes) * 1e9)) + extra_delay;

  std::uint64_t slot = in_flight_.size();
  if (free_slots_.empty()) {
    in_flight_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  InFlight& d = in_flight_[slot];
  d.from.node = from;
  d.to_name = to_name;
  d.to = &to;
  d.to_incarnation = to.incarnation();
  d.route = &path;
  d.sent_at = loop_.now();
  d.channel = channel;
  d.bytes.assign(bytes.begin(), bytes.end());  // keeps the slot's buffer
  loop_.schedule(loop_.now() + flight, this, slot);
}

void DatagramNetwork::warm(std::uint64_t slot) const {
  const InFlight& d = in_flight_[slot];
  __builtin_prefetch(d.bytes.data());
  d.to->warm_receive();
}

void DatagramNetwork::on_event(std::uint64_t slot) {
  InFlight& d = in_flight_[slot];
  if (!d.to->powered() || route_down_since(*d.route, d.sent_at) ||
      partitions_.blocked(d.from.node, d.to_name)) {
    ++counters_.datagrams_lost;
  } else if (d.to->incarnation() != d.to_incarnation) {
    // The receiver rebooted meanwhile: a real NIC of the new boot would never see it.
    ++counters_.dropped_stale;
  } else {
    d.to->receive(d.from, d.channel, d.bytes);
  }
  free_slots_.push_back(slot);
}

}  // namespace edgetwin::sim
