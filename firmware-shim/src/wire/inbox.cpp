#include "edgetwin/firmware/wire/inbox.hpp"

namespace edgetwin::fw {

std::optional<Envelope> Inbox::accept(const Address& from, std::span<const std::byte> datagram,
                                      Time now) {
  auto decoded = decode_envelope(datagram);
  if (!decoded) {
    stats_.malformed.count(decoded.error());
    return std::nullopt;
  }
  const Envelope& env = decoded.value();
  auto it = senders_.find(from.node);
  if (it == senders_.end()) {
    if (senders_.size() >= kSendersMax) {  // bounded; see kSendersMax
      ++stats_.senders_over_limit;
      return std::nullopt;
    }
    senders_.emplace(from.node, Sender{env.sender_epoch, now});
  } else if (env.sender_epoch < it->second.epoch) {
    if (now - it->second.heard < kIncarnationSilence) {
      ++stats_.stale;
      return std::nullopt;
    }
    ++stats_.incarnations;  // restarted without its epoch record: see inbox.hpp
    it->second = {env.sender_epoch, now};
  } else {
    it->second = {env.sender_epoch, now};
  }
  ++stats_.accepted;
  return env;
}

}  // namespace edgetwin::fw
