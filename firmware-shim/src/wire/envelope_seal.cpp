#include "edgetwin/firmware/wire/envelope_seal.hpp"

#include <sodium.h>

#include <array>

#include "edgetwin/firmware/base/invariant.hpp"

namespace edgetwin::fw {
namespace {

constexpr std::size_t kCounterOffset = 12;
static_assert(kTagBytes == crypto_auth_hmacsha512256_BYTES);

}  // namespace

void seal_envelope(std::span<std::byte> envelope, std::uint64_t counter, const WireMac& mac,
                   std::string_view sender) {
  EDGETWIN_ASSERT(envelope.size() >= kHeaderBytes + kTagBytes,
                  "only an envelope made by encode_envelope is sealed");
  for (std::size_t i = 0; i < 8; ++i)
    envelope[kCounterOffset + i] = static_cast<std::byte>((counter >> (8 * (7 - i))) & 0xff);
  const std::size_t authenticated = envelope.size() - kTagBytes;
  std::array<unsigned char, kTagBytes> tag{};
  mac.tag(sender, envelope.first(authenticated), tag);
  for (std::size_t i = 0; i < kTagBytes; ++i)
    envelope[authenticated + i] = static_cast<std::byte>(tag[i]);
}

void seal_envelope(std::span<std::byte> envelope, std::uint64_t counter, const WireKey& key,
                   std::string_view sender) {
  seal_envelope(envelope, counter, WireMac(key), sender);
}

bool envelope_authentic(const Envelope& envelope, const WireMac& mac, std::string_view sender) {
  if (envelope.tag.size() != kTagBytes) return false;
  std::array<unsigned char, kTagBytes> tag{};
  mac.tag(sender, envelope.authenticated, tag);
  return sodium_memcmp(tag.data(), envelope.tag.data(), kTagBytes) == 0;
}

bool envelope_authentic(const Envelope& envelope, const WireKey& key, std::string_view sender) {
  return envelope_authentic(envelope, WireMac(key), sender);
}

}  // namespace edgetwin::fw
