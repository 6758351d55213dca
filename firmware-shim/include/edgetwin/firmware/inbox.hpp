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

#include "edgetwin/firmware/address.hpp"
#include "edgetwin/firmware/wire.hpp"

namespace edgetwin::fw {

class Inbox {
 public:
  // Bound on remembered senders: a box talks to its peers and the cloud; the cloud to every
  // box of the fleet.
  static constexpr std::size_t kSendersMax = 100'000;

  std::optional<Envelope> accept(const Address& from, std::span<const std::byte> datagram);
  void count_bad_payload() { malformed_.count(DecodeError::bad_payload); }

  const DecodeCounters& malformed() const { return malformed_; }
  std::uint64_t stale() const { return stale_; }

 private:
  DecodeCounters malformed_;
  std::uint64_t stale_ = 0;
  std::map<std::string, std::uint32_t> latest_epoch_;
};

}  // namespace edgetwin::fw
