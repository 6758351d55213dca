#pragma once
// The receive path shared by every agent: decode the envelope, count and drop what is
// malformed, drop what is not authentic (no key for the sender, or a tag that does not verify:
// envelope_seal.hpp) before anything about the sender is remembered, drop what a previous
// incarnation of the sender sent (its boot epoch is lower than one already seen from that
// sender: a delayed message from before a reboot must not be taken for current news), and drop
// a counter of the sender's current boot already accepted (a replay, replay_window.hpp).
//
// A box that lost its boot-epoch record (wiped state, a replacement box with the same name)
// restarts at epoch 1. A lower epoch from a sender that has been silent for
// kIncarnationSilence is therefore a new incarnation, not a delayed datagram: it is accepted
// and its epoch becomes the sender's. We fix this at the receiver because the sender cannot:
// nothing on a wiped box remembers its last epoch, and the only clock the firmware has is the
// Platform's monotonic one, which on a real box restarts with the machine (CLOCK_MONOTONIC), so
// an epoch derived from it would start low after a reinstall too. The receivers remember.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/base/time.hpp"
#include "edgetwin/firmware/wire/channel_macs.hpp"
#include "edgetwin/firmware/wire/replay_window.hpp"
#include "edgetwin/firmware/wire/wire.hpp"
#include "edgetwin/firmware/wire/wire_keys.hpp"

namespace edgetwin::fw {

// Why an envelope that parsed was not taken as its sender's.
enum class AuthDrop : std::uint8_t {
  no_key,    // from a node this one has no key for (a stranger, or a misconfiguration)
  forged,    // the tag does not verify: wrong key, altered bytes, or another sender's datagram
  replayed,  // a counter of the sender's current boot already accepted, or older than the window
};
inline constexpr std::size_t kAuthDropKinds = 3;
std::string_view to_string(AuthDrop d);
using AuthDropCounters = ReasonCounters<AuthDrop, kAuthDropKinds>;

// What an inbox did with the datagrams it was handed (edgeboxd prints it; the twin sums it).
struct InboxStats {
  std::uint64_t accepted = 0;
  DecodeCounters malformed;              // by reason, including payloads the agent could not decode
  AuthDropCounters unauthenticated;      // by reason
  std::uint64_t stale = 0;               // from an earlier boot of their sender
  std::uint64_t senders_over_limit = 0;  // from a new sender beyond kSendersMax
  std::uint64_t incarnations = 0;        // senders heard again from epoch 1 or so (see above)

  std::uint64_t dropped() const {
    return malformed.total() + unauthenticated.total() + stale + senders_over_limit;
  }
};

class Inbox {
 public:
  // Bound on remembered senders: a box talks to its peers and the cloud; the cloud to every
  // box of the fleet.
  static constexpr std::size_t kSendersMax = 100'000;

  // Longer than any datagram stays in flight (the twin delays them by milliseconds, a real
  // LAN or WAN by well under a second), so no delayed datagram of an earlier boot is taken for
  // a new incarnation; shorter than a real box takes to reboot, so a wiped box is heard as soon
  // as it is back, and at worst this long after its last message.
  static constexpr Duration kIncarnationSilence = Duration::seconds(10);

  // Without keys nothing is accepted: every datagram is `no_key`.
  explicit Inbox(WireKeys keys = {}) : keys_(std::move(keys)), macs_(keys_) {}

  // `now` is the receiver's time, to measure a sender's silence.
  std::optional<Envelope> accept(const Address& from, std::span<const std::byte> datagram,
                                 Time now);
  void count_bad_payload() { stats_.malformed.count(DecodeError::bad_payload); }

  const InboxStats& stats() const { return stats_; }
  const WireKeys& keys() const { return keys_; }
  const DecodeCounters& malformed() const { return stats_.malformed; }
  std::uint64_t stale() const { return stats_.stale; }

 private:
  struct Sender {
    std::uint32_t epoch = 0;  // the latest accepted
    Time heard;               // when a datagram from it was last accepted
    ReplayWindow window;      // the counters of that epoch
  };
  bool authentic(const Address& from, const Envelope& env);
  bool fresh(const Address& from, const Envelope& env, Time now);

  WireKeys keys_;
  ChannelMacs macs_;
  InboxStats stats_;
  // Lookup only, never iterated (so no order reaches an output); hashed because the cloud's
  // inbox holds every box of the fleet and looks one up per datagram.
  std::unordered_map<std::string, Sender> senders_;
};

}  // namespace edgetwin::fw
