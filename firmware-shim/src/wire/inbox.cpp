#include "edgetwin/firmware/wire/inbox.hpp"

namespace edgetwin::fw {

std::optional<Envelope> Inbox::accept(const Address& from, std::span<const std::byte> datagram) {
  auto decoded = decode_envelope(datagram);
  if (!decoded) {
    stats_.malformed.count(decoded.error());
    return std::nullopt;
  }
  const Envelope& env = decoded.value();
  auto it = latest_epoch_.find(from.node);
  if (it == latest_epoch_.end()) {
    if (latest_epoch_.size() >= kSendersMax) {  // bounded; see kSendersMax
      ++stats_.senders_over_limit;
      return std::nullopt;
    }
    latest_epoch_.emplace(from.node, env.sender_epoch);
  } else if (env.sender_epoch < it->second) {
    ++stats_.stale;
    return std::nullopt;
  } else {
    it->second = env.sender_epoch;
  }
  ++stats_.accepted;
  return env;
}

}  // namespace edgetwin::fw
