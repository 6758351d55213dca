#include "edgetwin/firmware/inbox.hpp"

namespace edgetwin::fw {

std::optional<Envelope> Inbox::accept(const Address& from, std::span<const std::byte> datagram) {
  auto decoded = decode_envelope(datagram);
  if (!decoded) {
    malformed_.count(decoded.error());
    return std::nullopt;
  }
  const Envelope& env = decoded.value();
  auto it = latest_epoch_.find(from.node);
  if (it == latest_epoch_.end()) {
    if (latest_epoch_.size() >= kSendersMax) return std::nullopt;  // bounded; see kSendersMax
    latest_epoch_.emplace(from.node, env.sender_epoch);
  } else if (env.sender_epoch < it->second) {
    ++stale_;
    return std::nullopt;
  } else {
    it->second = env.sender_epoch;
  }
  return env;
}

}  // namespace edgetwin::fw
