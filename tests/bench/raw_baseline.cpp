#include "raw_baseline.hpp"

#include <memory>
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

#include "edgetwin/sim/engine/fleet_platform.hpp"

namespace edgetwin::bench {
namespace sg4 = simgrid::s4u;

namespace {

// Sizes of the firmware's datagrams with IP/UDP headers (peer heartbeat, node report, ack,
// VRRP advert, VIP lease request and reply).
constexpr std::uint64_t kPeerBytes = 55, kReportBytes = 105, kAckBytes = 48, kAdvertBytes = 48,
                        kLeaseBytes = 60;

struct Blob {
  std::string from;
  bool wants_reply = false;
};

void send(const std::string& to, Blob* blob, std::uint64_t bytes, BaselineCounts& counts) {
  ++counts.messages;
  sg4::Mailbox::by_name(to)->put_init(blob, bytes)->detach([](void* p) { delete static_cast<Blob*>(p); });
}

struct BoxRole {
  std::string self;
  std::string peer;
  std::string witness;  // "" unless this box is its site's VRRP master
  double offset = 0;
};

// Once a second a master sends its advert and asks its peer and the witness for the lease.
void master_round(const BoxRole& role, BaselineCounts& counts) {
  send(role.peer, new Blob{role.self, false}, kAdvertBytes, counts);
  send(role.peer, new Blob{role.self, true}, kLeaseBytes, counts);
  send(role.witness, new Blob{role.self, true}, kLeaseBytes, counts);
}

// A loop of the firmware driver's shape: one receive posted, a wait until the next deadline.
// Messages that want a reply (lease requests) are answered, as the firmware does.
void box_actor(BoxRole role, BaselineCounts& counts) {
  auto* mailbox = sg4::Mailbox::by_name(role.self);
  mailbox->set_receiver(sg4::Actor::self());
  Blob* received = nullptr;
  sg4::CommPtr pending = mailbox->get_async<Blob>(&received);
  double next_peer = role.offset, next_cloud = role.offset * 10;
  for (;;) {
    const double deadline = std::min(next_peer, next_cloud);
    const double timeout = std::max(0.0, deadline - sg4::Engine::get_clock());
    if (sg4::Comm::wait_any_for({pending}, timeout) >= 0) {
      if (received->wants_reply) send(received->from, new Blob{role.self, false}, kLeaseBytes, counts);
      delete received;
      pending = mailbox->get_async<Blob>(&received);
      continue;
    }
    if (next_peer <= next_cloud) {
      send(role.peer, new Blob{role.self, false}, kPeerBytes, counts);
      if (!role.witness.empty()) master_round(role, counts);
      next_peer += 1.0;
    } else {
      send("cloud", new Blob{role.self, true}, kReportBytes, counts);
      next_cloud += 10.0;
    }
  }
}

// The cloud acknowledges reports; a NAS answers lease requests: both reply to everything.
void replier_actor(std::string self, std::uint64_t reply_bytes, BaselineCounts& counts) {
  auto* mailbox = sg4::Mailbox::by_name(self);
  mailbox->set_receiver(sg4::Actor::self());
  for (;;) {
    auto blob = std::unique_ptr<Blob>(mailbox->get<Blob>());
    send(blob->from, new Blob{self, false}, reply_bytes, counts);
  }
}

}  // namespace

BaselineCounts run_raw_baseline(const model::Fleet& fleet, double duration_s) {
  BaselineCounts counts;
  const auto platform = sim::build_fleet_platform(fleet);
  sg4::Actor::create("cloud", platform.cloud, [&counts] { replier_actor("cloud", kAckBytes, counts); });
  for (const auto& [site, host] : platform.nas) {
    const std::string name = sim::nas_node_name(site);
    sg4::Actor::create(name, host, [&counts, name] { replier_actor(name, kLeaseBytes, counts); });
  }
  int i = 0;
  for (const auto& site : fleet.sites) {
    for (std::size_t b = 0; b < site.boxes.size(); ++b) {
      BoxRole role{site.boxes[b].name, site.boxes[(b + 1) % site.boxes.size()].name, "",
                   0.001 * (++i % 997)};  // spread like the firmware's random phases
      if (b == 0 && platform.nas.contains(site.name)) role.witness = sim::nas_node_name(site.name);
      sg4::Actor::create(role.self, platform.boxes.at(role.self),
                         [&counts, role] { box_actor(role, counts); });
    }
  }
  sg4::Engine::get_instance()->run_until(duration_s);
  return counts;
}

}  // namespace edgetwin::bench
