#include "edgetwin/firmware/cloud_agent.hpp"

#include "edgetwin/firmware/messages.hpp"
#include "edgetwin/firmware/witness_agent.hpp"

namespace edgetwin::fw {

CloudAgent::CloudAgent(Platform& platform, std::vector<CloudInventoryEntry> inventory,
                       Duration offline_after, ActivationServiceConfig activation)
    : platform_(platform),
      inventory_(std::move(inventory)),
      registry_(platform, offline_after),
      leases_(platform),
      activation_(platform, registry_, std::move(activation)) {}

void CloudAgent::boot() {
  boot_epoch_ = 1;  // the cloud's own restarts are not modelled at this stage
  for (const auto& node : inventory_) {
    if (activation_.config().nodes_start_created) registry_.enroll_created(node.name, node.site);
    else registry_.enroll(node.name, node.site);
  }
  activation_.start(boot_epoch_);
  if (rollout_config_) {
    rollout_ = std::make_unique<RolloutController>(platform_, *rollout_config_, boot_epoch_);
    rollout_->start();
  }
}

bool CloudAgent::on_deploy_status(const Address& from, std::span<const std::byte> payload) {
  const auto status = DeployStatus::decode(payload);
  return status && rollout_ && rollout_->on_status(from, *status);
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
  if (env->type == MessageType::activation_request || env->type == MessageType::activation_done) {
    const bool ok = env->type == MessageType::activation_request
                        ? activation_.on_request(from, env->payload)
                        : activation_.on_done(from, env->payload);
    if (!ok) inbox_.count_bad_payload();
    return;
  }
  if (env->type == MessageType::deploy_status) {
    if (!on_deploy_status(from, env->payload)) inbox_.count_bad_payload();
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
