#include "edgetwin/firmware/box_agent.hpp"

#include "edgetwin/firmware/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

constexpr std::string_view kBootEpochKey = "agent/boot_epoch";

}  // namespace

BoxAgent::BoxAgent(Platform& platform, BoxConfig config)
    : platform_(platform), config_(std::move(config)) {}

std::uint32_t BoxAgent::next_boot_epoch() {
  std::uint32_t epoch = 0;
  if (auto stored = platform_.disk().read(kBootEpochKey)) {
    ByteReader r(*stored);
    epoch = r.u32();
    if (!r.ok() || !r.at_end()) epoch = 0;  // a torn record: start over, peers accept >= 0
  }
  ++epoch;
  ByteWriter w;
  w.u32(epoch);
  // Synced: an epoch must never repeat, even across a power loss right after boot.
  platform_.disk().write(kBootEpochKey, w.bytes(), Durability::synced);
  return epoch;
}

void BoxAgent::boot() {
  boot_epoch_ = next_boot_epoch();
  platform_.events().emit("box.boot", {{"epoch", boot_epoch_}});
  peers_ = std::make_unique<PeerMonitor>(platform_, config_, boot_epoch_);
  cloud_ = std::make_unique<CloudLink>(platform_, config_, boot_epoch_);
  peers_->start();
  cloud_->start();
}

void BoxAgent::on_datagram(const Address& from, Channel channel,
                           std::span<const std::byte> datagram) {
  if (channel != Channel::firmware) return;  // no VRRP instance on this box yet
  auto env = inbox_.accept(from, datagram);
  if (!env || !peers_) return;
  switch (env->type) {
    case MessageType::peer_heartbeat:
      if (auto m = PeerHeartbeat::decode(env->payload); m && m->from == from.node) {
        peers_->on_heartbeat(*m);
        return;
      }
      break;
    case MessageType::cloud_ack:
      if (auto m = CloudAck::decode(env->payload); m && from == config_.cloud) {
        cloud_->on_ack(*m);
        return;
      }
      break;
    case MessageType::node_report:
      break;  // boxes do not take reports
  }
  inbox_.count_bad_payload();
}

}  // namespace edgetwin::fw
