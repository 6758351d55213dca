#pragma once
// Optional authentication of VRRP advertisements, so that a rogue host on the LAN cannot take
// the VIP by advertising priority 255. Off by default: keepalived does not speak it.
//
// An authenticated advertisement is the RFC 5798 message followed by a trailer:
//
//   | advert (8 + 4*count) | counter (8, big-endian) | HMAC-SHA256 (32) |
//
// The MAC covers src_ip || dst_ip || advert || counter: the addresses are not sent (they are
// the IP header's), but binding them stops a reflection. Without them, an advert from A to B
// replayed to A as if from B carries a valid MAC and even a valid checksum (the pseudo-header
// sum is the same with source and destination swapped), and would push A's counters into B's
// replay window, so that B's genuine adverts would then be rejected as too old.
//
// The counter is boot_epoch << 32 | per-boot sequence, so it keeps increasing across reboots
// without durable per-advert state. A receiver keeps a replay window per sender (IPsec style,
// RFC 4303 section 3.4.3): a counter above the highest seen is accepted, one within the window
// below it is accepted once, anything older is rejected.
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string_view>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/reason_counters.hpp"
#include "edgetwin/firmware/base/result.hpp"

namespace edgetwin::fw {

inline constexpr std::size_t kVrrpAuthKeyBytes = 32;
inline constexpr std::size_t kVrrpAuthCounterBytes = 8;
inline constexpr std::size_t kVrrpAuthMacBytes = 32;
inline constexpr std::size_t kVrrpAuthTrailerBytes = kVrrpAuthCounterBytes + kVrrpAuthMacBytes;
inline constexpr std::size_t kVrrpReplayWindowMax = 64;  // counters remembered below the highest
inline constexpr std::size_t kVrrpAuthSendersMax = 16;   // replay windows kept, one per sender

using VrrpKey = std::array<unsigned char, kVrrpAuthKeyBytes>;

enum class VrrpAuthError : std::uint8_t {
  missing_trailer,   // too short to hold the advert its count announces plus a trailer
  forged,            // the MAC does not verify: wrong key or altered bytes
  replayed,          // counter already seen, or older than the window
  too_many_senders,  // a new sender beyond kVrrpAuthSendersMax
};
inline constexpr std::size_t kVrrpAuthErrorKinds = 4;
std::string_view to_string(VrrpAuthError e);

using VrrpAuthCounters = ReasonCounters<VrrpAuthError, kVrrpAuthErrorKinds>;

// The anti-replay window of one sender.
class VrrpReplayWindow {
 public:
  // True (and remembered) when `counter` was never accepted and is not older than the window.
  bool accept(std::uint64_t counter);
  std::uint64_t highest() const { return highest_; }

 private:
  std::uint64_t highest_ = 0;
  // Bit i: counter highest_ - i was accepted. Bit 0 starts set so that counter 0, which no
  // sender produces (sequences start at 1), is never accepted.
  std::uint64_t seen_ = 1;
};

class VrrpAuth {
 public:
  VrrpAuth(const VrrpKey& key, std::uint32_t boot_epoch);

  // advert || counter || MAC, with the next counter of this boot.
  Bytes seal(std::span<const std::byte> advert, std::uint32_t src_ip, std::uint32_t dst_ip);
  // A box that lost its boot-epoch record (a replaced disk) numbers its adverts from epoch 1
  // again: a counter below the window from a sender silent this long is a new incarnation,
  // accepted, and its window starts over (the rule and the reasoning of inbox.hpp). A replay
  // of old adverts while the real sender is down can at worst move this box to backup for one
  // Master_Down interval: it needs the key's MAC, and the window refuses it once the sender talks.
  static constexpr Duration kIncarnationSilence = Duration::seconds(10);

  // The advert part of an authenticated datagram from `src_ip` to `dst_ip`, once its MAC
  // verifies and its counter passes the sender's replay window. `now` (the receiver's clock)
  // enables the incarnation rule above; without it a lower counter is always a replay.
  Result<std::span<const std::byte>, VrrpAuthError> open(std::span<const std::byte> datagram,
                                                         std::uint32_t src_ip,
                                                         std::uint32_t dst_ip,
                                                         std::optional<Time> now = {});
  std::uint64_t last_counter() const;

 private:
  VrrpKey key_;
  std::uint32_t boot_epoch_;
  std::uint32_t sequence_ = 0;
  struct Sender {
    VrrpReplayWindow window;
    std::optional<Time> heard;  // the last accepted advert, when open() was given the time
  };
  std::map<std::uint32_t, Sender> windows_;  // by sender IPv4
};

}  // namespace edgetwin::fw
