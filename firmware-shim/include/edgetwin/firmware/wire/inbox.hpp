#pragma once
// The receive path shared by every agent: decode the envelope, count and drop what is
// malformed, drop what a previous incarnation of the sender sent (its boot epoch is lower than
// one already seen from that sender: a delayed message from before a reboot must not be taken
// for current news).
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

// What an inbox did with the datagrams it was handed (edgeboxd prints it; the twin sums it).
struct InboxStats {
  std::uint64_t accepted = 0;
  DecodeCounters malformed;              // by reason, including payloads the agent could not decode
  std::uint64_t stale = 0;               // from an earlier boot of their sender
  std::uint64_t senders_over_limit = 0;  // from a new sender beyond kSendersMax

  std::uint64_t dropped() const { return malformed.total() + stale + senders_over_limit; }
};

class Inbox {
 public:
  // Bound on remembered senders: a box talks to its peers and the cloud; the cloud to every
  // box of the fleet.
  static constexpr std::size_t kSendersMax = 100'000;

  std::optional<Envelope> accept(const Address& from, std::span<const std::byte> datagram);
  void count_bad_payload() { stats_.malformed.count(DecodeError::bad_payload); }

  const InboxStats& stats() const { return stats_; }
  const DecodeCounters& malformed() const { return stats_.malformed; }
  std::uint64_t stale() const { return stats_.stale; }

 private:
  InboxStats stats_;
  // Lookup only, never iterated (so no order reaches an output); hashed because the cloud's
  // inbox holds every box of the fleet and looks one up per datagram.
  std::unordered_map<std::string, std::uint32_t> latest_epoch_;
};

}  // namespace edgetwin::fw
