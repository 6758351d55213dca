#include "edgetwin/firmware/ha/lease_server.hpp"

#include <algorithm>

#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

LeaseReply LeaseServer::on_request(const LeaseRequest& request) {
  const Time now = platform_.now();
  LeaseReply reply{request.site, request.requester, request.seq, false, 0};
  auto it = leases_.find(request.site);
  const bool free = it == leases_.end() || it->second.expires <= now ||
                    it->second.holder == request.requester;
  if (!free) {
    reply.holder = it->second.holder;
    return reply;
  }
  if (it == leases_.end() && leases_.size() >= kSitesMax) return reply;  // bounded, refused
  const std::uint32_t ms = std::min(request.duration_ms, kLeaseMaxMs);
  // The grant runs from when the request arrived here; the requester counts from when it sent
  // the request, which is earlier, so the holder always believes in its lease for less time
  // than the witness does.
  leases_[request.site] = {request.requester, now + Duration::milliseconds(ms)};
  reply.granted = true;
  reply.duration_ms = ms;
  return reply;
}

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

}  // namespace edgetwin::fw
