#include "raw_baseline.hpp"

#include <memory>
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

#include "edgetwin/sim/fleet_platform.hpp"

namespace edgetwin::bench {
namespace sg4 = simgrid::s4u;

namespace {

// Sizes of the firmware's datagrams with IP/UDP headers (peer heartbeat, node report, ack).
constexpr std::uint64_t kPeerBytes = 55, kReportBytes = 105, kAckBytes = 48;

struct Blob {
  std::string from;
  bool wants_ack = false;
};

void send(const std::string& to, Blob* blob, std::uint64_t bytes, BaselineCounts& counts) {
  ++counts.messages;
  sg4::Mailbox::by_name(to)->put_init(blob, bytes)->detach([](void* p) { delete static_cast<Blob*>(p); });
}

// A loop of the firmware driver's shape: one receive posted, a wait until the next deadline.
void box_actor(std::string self, std::string peer, double offset, BaselineCounts& counts) {
  auto* mailbox = sg4::Mailbox::by_name(self);
  mailbox->set_receiver(sg4::Actor::self());
  Blob* received = nullptr;
  sg4::CommPtr pending = mailbox->get_async<Blob>(&received);
  double next_peer = offset, next_cloud = offset * 10;
  for (;;) {
    const double deadline = std::min(next_peer, next_cloud);
    const double timeout = std::max(0.0, deadline - sg4::Engine::get_clock());
    if (sg4::Comm::wait_any_for({pending}, timeout) >= 0) {
      delete received;
      pending = mailbox->get_async<Blob>(&received);
      continue;
    }
    if (next_peer <= next_cloud) {
      send(peer, new Blob{self, false}, kPeerBytes, counts);
      next_peer += 1.0;
    } else {
      send("cloud", new Blob{self, true}, kReportBytes, counts);
      next_cloud += 10.0;
    }
  }
}

void cloud_actor(BaselineCounts& counts) {
  auto* mailbox = sg4::Mailbox::by_name("cloud");
  mailbox->set_receiver(sg4::Actor::self());
  for (;;) {
    auto blob = std::unique_ptr<Blob>(mailbox->get<Blob>());
    send(blob->from, new Blob{"cloud", false}, kAckBytes, counts);
  }
}

}  // namespace

BaselineCounts run_raw_baseline(const model::Fleet& fleet, double duration_s) {
  BaselineCounts counts;
  const auto platform = sim::build_fleet_platform(fleet);
  sg4::Actor::create("cloud", platform.cloud, [&counts] { cloud_actor(counts); });
  int i = 0;
  for (const auto& site : fleet.sites) {
    for (std::size_t b = 0; b < site.boxes.size(); ++b) {
      const auto& box = site.boxes[b];
      const auto& peer = site.boxes[(b + 1) % site.boxes.size()];
      const double offset = 0.001 * (++i % 997);  // spread like the firmware's random phases
      sg4::Actor::create(box.name, platform.boxes.at(box.name),
                         [&counts, self = box.name, p = peer.name, offset] { box_actor(self, p, offset, counts); });
    }
  }
  sg4::Engine::get_instance()->run_until(duration_s);
  return counts;
}

}  // namespace edgetwin::bench
