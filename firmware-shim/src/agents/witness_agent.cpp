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
  const bool answered = env->type == MessageType::lease_request &&
                        answer_lease_request(platform_, from, boot_epoch_, env->payload,
                                             [this, e = env->sender_epoch](const LeaseRequest& r) {
                                               return leases_.on_request(r, e);
                                             });
  if (answered) return;
  if (env->type == MessageType::lease_release &&
      leases_.on_release_from(from, env->sender_epoch, env->payload))
    return;
  const bool volume_io = env->type == MessageType::data_write || env->type == MessageType::data_read;
  if (!(volume_io && volumes_.on_message(from, *env, boot_epoch_))) inbox_.count_bad_payload();
}

AgentStats WitnessAgent::stats() const {
  AgentStats s;
  s.inboxes.push_back(inbox_.stats());
  LeaseStats lease;
  lease.releases_honoured = leases_.releases_honoured();
  lease.releases_ignored = leases_.releases_ignored();
  s.lease = lease;
  return s;
}

}  // namespace edgetwin::fw
