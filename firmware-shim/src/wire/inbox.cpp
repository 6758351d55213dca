#include "edgetwin/firmware/wire/inbox.hpp"

#include "edgetwin/firmware/wire/envelope_seal.hpp"

namespace edgetwin::fw {

std::string_view to_string(AuthDrop d) {
  switch (d) {
    case AuthDrop::no_key: return "no_key";
    case AuthDrop::forged: return "forged";
    case AuthDrop::replayed: return "replayed";
  }
  return "unknown";
}

std::optional<Envelope> Inbox::accept(const Address& from, std::span<const std::byte> datagram,
                                      Time now) {
  auto decoded = decode_envelope(datagram);
  if (!decoded) {
    stats_.malformed.count(decoded.error());
    return std::nullopt;
  }
  const Envelope& env = decoded.value();
  // Authentic first: nothing a forger sends may touch what we remember of a sender.
  if (!authentic(from, env) || !fresh(from, env, now)) return std::nullopt;
  ++stats_.accepted;
  return env;
}

bool Inbox::authentic(const Address& from, const Envelope& env) {
  const WireMac* mac = macs_.for_peer(from, env.type);
  if (mac == nullptr) {
    stats_.unauthenticated.count(AuthDrop::no_key);
    return false;
  }
  if (!envelope_authentic(env, *mac, from.node)) {
    stats_.unauthenticated.count(AuthDrop::forged);
    return false;
  }
  return true;
}

// The epoch rules of inbox.hpp, then the replay window of the sender's current epoch.
bool Inbox::fresh(const Address& from, const Envelope& env, Time now) {
  auto it = senders_.find(from.node);
  if (it == senders_.end()) {
    if (senders_.size() >= kSendersMax) {  // bounded; see kSendersMax
      ++stats_.senders_over_limit;
      return false;
    }
    it = senders_.emplace(from.node, Sender{env.sender_epoch, now, {}}).first;
  } else if (env.sender_epoch < it->second.epoch) {
    if (now - it->second.heard < kIncarnationSilence) {
      ++stats_.stale;
      return false;
    }
    ++stats_.incarnations;  // restarted without its epoch record: see inbox.hpp
    it->second = Sender{env.sender_epoch, now, {}};
  } else if (env.sender_epoch > it->second.epoch) {
    it->second = Sender{env.sender_epoch, now, {}};  // a new boot numbers from 1 again
  }
  if (!it->second.window.accept(env.counter)) {
    // A box wiped during its first boot comes back at epoch 1 again, numbering from 1: after
    // the same silence as above it is a new incarnation too (inbox.hpp), not a replay.
    const bool restarted_first_boot =
        env.sender_epoch == 1 && now - it->second.heard >= kIncarnationSilence;
    if (!restarted_first_boot) {
      stats_.unauthenticated.count(AuthDrop::replayed);
      return false;
    }
    ++stats_.incarnations;
    it->second = Sender{env.sender_epoch, now, {}};
    it->second.window.accept(env.counter);
  }
  it->second.heard = now;
  return true;
}

}  // namespace edgetwin::fw
