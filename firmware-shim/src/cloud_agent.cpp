#include "edgetwin/firmware/cloud_agent.hpp"

#include "edgetwin/firmware/messages.hpp"
#include "edgetwin/firmware/witness_agent.hpp"

namespace edgetwin::fw {

CloudAgent::CloudAgent(Platform& platform, std::vector<CloudInventoryEntry> inventory,
                       Duration offline_after)
    : platform_(platform),
      inventory_(std::move(inventory)),
      registry_(platform, offline_after),
      leases_(platform) {}

void CloudAgent::boot() {
  boot_epoch_ = 1;  // the cloud's own restarts are not modelled at this stage
  for (const auto& node : inventory_) registry_.enroll(node.name, node.site);
}

void CloudAgent::on_datagram(const Address& from, Channel channel,
                             std::span<const std::byte> datagram) {
  if (channel != Channel::firmware) return;  // the cloud speaks no VRRP
  auto env = inbox_.accept(from, datagram);
  if (!env) return;
  if (env->type == MessageType::lease_request) {
    if (!answer_lease_request(platform_, from, boot_epoch_, env->payload,
                              [this](const LeaseRequest& r) { return leases_.on_request(r); }))
      inbox_.count_bad_payload();
    return;
  }
  if (env->type != MessageType::node_report) {
    inbox_.count_bad_payload();
    return;
  }
  auto report = NodeReport::decode(env->payload);
  if (!report || report->name != from.node) {  // a box reports for itself only
    inbox_.count_bad_payload();
    return;
  }
  registry_.on_report(*report);
  platform_.send(from, Channel::firmware, encode_envelope(MessageType::cloud_ack, boot_epoch_,
                                       CloudAck{report->seq}.encode()));
}

}  // namespace edgetwin::fw
