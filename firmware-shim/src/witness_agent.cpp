#include "edgetwin/firmware/witness_agent.hpp"

#include "edgetwin/firmware/wire.hpp"

namespace edgetwin::fw {

bool answer_lease_request(Platform& platform, const Address& from, std::uint32_t epoch,
                          std::span<const std::byte> payload,
                          const std::function<LeaseReply(const LeaseRequest&)>& grant) {
  auto request = LeaseRequest::decode(payload);
  if (!request || request->requester != from.node) return false;  // asks for itself only
  const LeaseReply reply = grant(*request);
  platform.send(from, Channel::firmware,
                encode_envelope(MessageType::lease_reply, epoch, reply.encode()));
  return true;
}

void WitnessAgent::on_datagram(const Address& from, Channel channel,
                               std::span<const std::byte> datagram) {
  if (channel != Channel::firmware) return;
  auto env = inbox_.accept(from, datagram);
  if (!env) return;
  const bool answered =
      env->type == MessageType::lease_request &&
      answer_lease_request(platform_, from, 1, env->payload,
                           [this](const LeaseRequest& r) { return leases_.on_request(r); });
  if (answered) return;
  const bool volume_io = env->type == MessageType::data_write || env->type == MessageType::data_read;
  if (!(volume_io && volumes_.on_message(from, *env, 1))) inbox_.count_bad_payload();
}

}  // namespace edgetwin::fw
