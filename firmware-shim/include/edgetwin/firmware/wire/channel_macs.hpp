#pragma once
// The keyed MAC of each channel a node uses (wire_keys.hpp), ready to use: HMAC processes its
// key into two hash states (the inner and outer pads) before it reads a byte of the message,
// which for a 60-byte datagram is half of the work. A node keeps those states per key, and the
// cloud keeps one per box it has heard (deriving a box's key costs as much again), so each
// datagram pays for its own bytes only. Lookups only, never iterated: no order reaches an
// output.
#include <sodium.h>

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/wire/wire_keys.hpp"

namespace edgetwin::fw {

// HMAC-SHA-512-256 with its key already processed (or the twin's stand-in: wire_keys.hpp).
class WireMac {
 public:
  explicit WireMac(const WireKey& key, MacStrength strength = MacStrength::full);
  // The tag over (u8 length of `sender`, `sender`, `bytes`): see envelope_seal.hpp.
  void tag(std::string_view sender, std::span<const std::byte> bytes,
           std::span<unsigned char, crypto_auth_hmacsha512256_BYTES> out) const;

 private:
  void twin_tag(std::string_view sender, std::span<const std::byte> bytes,
                std::span<unsigned char, crypto_auth_hmacsha512256_BYTES> out) const;

  // The twin's tag reads the first two only: they share the object's first cache line, not
  // one 400 bytes further on past the HMAC state.
  MacStrength strength_;
  std::array<unsigned char, crypto_shorthash_KEYBYTES> short_key_{};
  crypto_auth_hmacsha512256_state keyed_;
};

class ChannelMacs {
 public:
  // Bound on the cloud's cached per-box enrolment states (about 400 bytes each): beyond it a
  // box's enrolment key is derived for each datagram, which is only slower.
  static constexpr std::size_t kDerivedMax = 20'000;

  explicit ChannelMacs(const WireKeys& keys);
  // The MAC of the channel to `peer` for a message of `type` (WireKeys::key_for); nullptr
  // when this node has no key for it.
  const WireMac* for_peer(const Address& peer, MessageType type);

 private:
  MacStrength strength_;
  bool is_cloud_;
  std::optional<WireKey> cloud_root_;
  std::shared_ptr<IssuedCloudKeys> issued_;
  Address cloud_address_;
  // Held apart, not in an optional: an optional's "engaged" flag sits after its 400-byte
  // payload, a cache line of its own to read on every datagram.
  std::unique_ptr<const WireMac> site_;
  std::unique_ptr<const WireMac> cloud_;
  std::unique_ptr<const WireMac> enrolment_;
  std::unordered_map<std::string, WireMac> derived_;
  std::optional<WireMac> uncached_;
};

}  // namespace edgetwin::fw
