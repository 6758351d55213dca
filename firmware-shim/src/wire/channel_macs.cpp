#include "edgetwin/firmware/wire/channel_macs.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "edgetwin/firmware/base/invariant.hpp"
#include "edgetwin/firmware/wire/issued_cloud_keys.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {
namespace {

// libsodium wants sodium_init() before any other call (it picks implementations for this CPU);
// a function-local static runs it once, thread-safely, without a lock on every datagram.
void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) std::abort();  // no crypto at all: not an expected failure to carry
}

}  // namespace

WireMac::WireMac(const WireKey& key, MacStrength strength) : strength_(strength) {
  ensure_sodium();
  std::copy_n(key.begin(), short_key_.size(), short_key_.begin());
  crypto_auth_hmacsha512256_init(&keyed_, key.data(), key.size());
}

// SipHash is one-shot: name and bytes are laid out as the HMAC reads them, in one buffer.
void WireMac::twin_tag(std::string_view sender, std::span<const std::byte> bytes,
                       std::span<unsigned char, crypto_auth_hmacsha512256_BYTES> out) const {
  // Not zeroed: only the bytes written below are read, and zeroing 1.5 KB twice per datagram
  // would cost more than the hash.
  std::array<unsigned char, 1 + 255 + kHeaderBytes + kPayloadBytesMax> input;  // NOLINT
  EDGETWIN_ASSERT(bytes.size() <= kHeaderBytes + kPayloadBytesMax, "an envelope's size");
  input[0] = static_cast<unsigned char>(sender.size());
  std::copy(sender.begin(), sender.end(), input.begin() + 1);
  std::memcpy(input.data() + 1 + sender.size(), bytes.data(), bytes.size());
  std::fill(out.begin(), out.end(), 0);
  crypto_shorthash(out.data(), input.data(), 1 + sender.size() + bytes.size(), short_key_.data());
}

void WireMac::tag(std::string_view sender, std::span<const std::byte> bytes,
                  std::span<unsigned char, crypto_auth_hmacsha512256_BYTES> out) const {
  // Node names are at most 255 bytes, as on the wire (ByteWriter::str); the length byte keeps
  // the name and the header apart.
  EDGETWIN_ASSERT(sender.size() <= 255, "node names are at most 255 bytes");
  if (strength_ == MacStrength::twin) return twin_tag(sender, bytes, out);
  const auto name_length = static_cast<unsigned char>(sender.size());
  crypto_auth_hmacsha512256_state state = keyed_;  // the key's work, done once
  crypto_auth_hmacsha512256_update(&state, &name_length, 1);
  crypto_auth_hmacsha512256_update(
      &state, reinterpret_cast<const unsigned char*>(sender.data()), sender.size());
  crypto_auth_hmacsha512256_update(&state, reinterpret_cast<const unsigned char*>(bytes.data()),
                                   bytes.size());
  crypto_auth_hmacsha512256_final(&state, out.data());
}

ChannelMacs::ChannelMacs(const WireKeys& keys)
    : strength_(keys.strength),
      is_cloud_(keys.is_cloud()),
      cloud_root_(keys.cloud_root),
      issued_(keys.issued),
      cloud_address_(keys.cloud_address) {
  if (keys.site) site_ = std::make_unique<const WireMac>(*keys.site, strength_);
  if (keys.cloud) cloud_ = std::make_unique<const WireMac>(*keys.cloud, strength_);
  if (keys.enrolment) enrolment_ = std::make_unique<const WireMac>(*keys.enrolment, strength_);
}

// The same choice as WireKeys::key_for.
const WireMac* ChannelMacs::for_peer(const Address& peer, MessageType type) {
  const bool enrolment = is_enrolment_message(type);
  if (is_cloud_) {
    if (!enrolment) return issued_ ? issued_->mac(peer.node) : nullptr;
    if (!cloud_root_) return nullptr;
    if (auto it = derived_.find(peer.node); it != derived_.end()) return &it->second;
    const WireMac mac(derive_cloud_key(*cloud_root_, peer.node), strength_);
    if (derived_.size() < kDerivedMax) return &derived_.emplace(peer.node, mac).first->second;
    return &uncached_.emplace(mac);
  }
  if (peer == cloud_address_) {
    return enrolment ? enrolment_.get() : cloud_.get();
  }
  return site_.get();
}

}  // namespace edgetwin::fw
