#include "edgetwin/firmware/ha/vrrp_auth.hpp"

#include <sodium.h>

#include <cstdlib>
#include <limits>
#include <numeric>

#include "edgetwin/firmware/ha/vrrp_packet.hpp"
#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

static_assert(kVrrpAuthKeyBytes == crypto_auth_hmacsha256_KEYBYTES);
static_assert(kVrrpAuthMacBytes == crypto_auth_hmacsha256_BYTES);
static_assert(kVrrpReplayWindowMax == 64, "the window is one 64-bit mask");

const unsigned char* as_uchar(std::span<const std::byte> bytes) {
  return reinterpret_cast<const unsigned char*>(bytes.data());
}

// The advert length its own header announces, or 0 when there is not even a header.
std::size_t announced_advert_size(std::span<const std::byte> datagram) {
  if (datagram.size() < kVrrpHeaderBytes) return 0;
  return kVrrpHeaderBytes + 4 * std::to_integer<std::size_t>(datagram[3]);
}

// What the MAC covers: the addresses of the IP header, then the datagram up to the MAC.
Bytes mac_input(std::uint32_t src_ip, std::uint32_t dst_ip,
                std::span<const std::byte> signed_part) {
  ByteWriter w;
  w.u32(src_ip);
  w.u32(dst_ip);
  w.raw(signed_part);
  return w.take();
}

}  // namespace

std::string_view to_string(VrrpAuthError e) {
  switch (e) {
    case VrrpAuthError::missing_trailer:
      return "missing_trailer";
    case VrrpAuthError::forged:
      return "forged";
    case VrrpAuthError::replayed:
      return "replayed";
    case VrrpAuthError::too_many_senders:
      return "too_many_senders";
  }
  return "unknown";
}


bool VrrpReplayWindow::accept(std::uint64_t counter) {
  if (counter > highest_) {
    const std::uint64_t shift = counter - highest_;
    seen_ = shift >= kVrrpReplayWindowMax ? 0 : seen_ << shift;
    seen_ |= 1;
    highest_ = counter;
    return true;
  }
  const std::uint64_t age = highest_ - counter;
  if (age >= kVrrpReplayWindowMax) return false;  // too old to tell: reject, like IPsec
  const std::uint64_t bit = std::uint64_t{1} << age;
  if (seen_ & bit) return false;
  seen_ |= bit;
  return true;
}

VrrpAuth::VrrpAuth(const VrrpKey& key, std::uint32_t boot_epoch)
    : key_(key), boot_epoch_(boot_epoch) {
  // libsodium requires sodium_init() before any other call: it picks the SHA-256
  // implementation for this CPU. It is idempotent and thread-safe, so each VrrpAuth calls it
  // rather than relying on some main() of each backend. It also seeds libsodium's own random
  // generator, which the firmware never uses (randomness comes from Platform::rng()).
  // Failing to initialise means no crypto at all: that is not an expected failure to carry.
  if (sodium_init() < 0) std::abort();
}

std::uint64_t VrrpAuth::last_counter() const {
  return std::uint64_t{boot_epoch_} << 32 | sequence_;
}

Bytes VrrpAuth::seal(std::span<const std::byte> advert, std::uint32_t src_ip,
                     std::uint32_t dst_ip) {
  // At the end of the sequence the counter stops increasing: receivers then reject our
  // adverts as replays and a peer takes over, which fails closed. It takes 2^32 adverts
  // (16 months at the fastest interval, 10 ms) without a reboot.
  if (sequence_ < std::numeric_limits<std::uint32_t>::max()) ++sequence_;
  ByteWriter w;
  w.raw(advert);
  w.u64(last_counter());
  Bytes out = w.take();
  const Bytes input = mac_input(src_ip, dst_ip, out);
  std::array<unsigned char, kVrrpAuthMacBytes> mac{};
  crypto_auth_hmacsha256(mac.data(), as_uchar(input), input.size(), key_.data());
  for (unsigned char c : mac) out.push_back(static_cast<std::byte>(c));
  return out;
}

Result<std::span<const std::byte>, VrrpAuthError> VrrpAuth::open(
    std::span<const std::byte> datagram, std::uint32_t src_ip, std::uint32_t dst_ip,
    std::optional<Time> now) {
  using R = Result<std::span<const std::byte>, VrrpAuthError>;
  const std::size_t advert_size = announced_advert_size(datagram);
  if (advert_size == 0 || datagram.size() < advert_size + kVrrpAuthTrailerBytes)
    return R::failure(VrrpAuthError::missing_trailer);
  // The MAC is the last 32 bytes and covers everything before it. Extra bytes between the
  // announced advert and the trailer stay in the advert part, for the decoder to reject.
  const std::size_t signed_size = datagram.size() - kVrrpAuthMacBytes;
  const auto signed_part = datagram.first(signed_size);
  const Bytes input = mac_input(src_ip, dst_ip, signed_part);
  // Constant time, so that a forger learns nothing from how long a rejection takes.
  if (crypto_auth_hmacsha256_verify(as_uchar(datagram.subspan(signed_size)), as_uchar(input),
                                    input.size(), key_.data()) != 0)
    return R::failure(VrrpAuthError::forged);
  // Only now, with the MAC verified, may the counter move a window: a forger must not be able
  // to push a window forward.
  ByteReader r(signed_part.last(kVrrpAuthCounterBytes));
  auto window = windows_.find(src_ip);
  if (window == windows_.end()) {
    if (windows_.size() >= kVrrpAuthSendersMax) return R::failure(VrrpAuthError::too_many_senders);
    window = windows_.emplace(src_ip, Sender{}).first;
  }
  Sender& sender = window->second;
  const std::uint64_t counter = r.u64();
  if (!sender.window.accept(counter)) {
    const bool new_incarnation = now && sender.heard && *now - *sender.heard >= kIncarnationSilence;
    if (!new_incarnation) return R::failure(VrrpAuthError::replayed);
    sender.window = VrrpReplayWindow{};
    sender.window.accept(counter);
  }
  if (now) sender.heard = now;
  return R(signed_part.first(signed_size - kVrrpAuthCounterBytes));
}

}  // namespace edgetwin::fw
