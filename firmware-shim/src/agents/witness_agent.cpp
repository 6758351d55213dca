#include "edgetwin/firmware/agents/witness_agent.hpp"

#include "edgetwin/firmware/agents/boot_epoch.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

// Its counter restarts with each boot, so its epoch must move on too (boot_epoch.hpp).
void WitnessAgent::boot() { boot_epoch_ = advance_boot_epoch(platform_.disk()); }

void WitnessAgent::on_datagram(const Address& from, Channel channel,
                               std::span<const std::byte> datagram) {
  if (channel != Channel::firmware) return;
  auto env = inbox_.accept(from, datagram, platform_.now());
  if (!env) return;
  const bool answered =
      env->type == MessageType::lease_request &&
      answer_lease_request(platform_, from, boot_epoch_, env->payload,
                           [this](const LeaseRequest& r) { return leases_.on_request(r); });
  if (answered) return;
  const bool volume_io = env->type == MessageType::data_write || env->type == MessageType::data_read;
  if (!(volume_io && volumes_.on_message(from, *env, boot_epoch_))) inbox_.count_bad_payload();
}

AgentStats WitnessAgent::stats() const {
  AgentStats s;
  s.inboxes.push_back(inbox_.stats());
  return s;
}

}  // namespace edgetwin::fw
