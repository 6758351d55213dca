#include "edgetwin/firmware/base/seeded_secure_stream.hpp"

#include <sodium.h>

#include <string>

#include "edgetwin/firmware/base/invariant.hpp"

namespace edgetwin::fw {

static_assert(SeededSecureStream::kSeedBytes == randombytes_SEEDBYTES);

namespace {

std::array<unsigned char, 8> little_endian(std::uint64_t v) {
  std::array<unsigned char, 8> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<unsigned char>(v >> (8 * i));
  return out;
}

}  // namespace

SeededSecureStream::SeededSecureStream(std::uint64_t run_seed, std::string_view stream_name) {
  EDGETWIN_ASSERT(sodium_init() >= 0, "libsodium initialises (no crypto without it)");
  // A domain prefix keeps this stream apart from any other use of the same seed and name.
  std::string message = "edgetwin.secure_bytes/";
  const auto seed = little_endian(run_seed);
  message.append(reinterpret_cast<const char*>(seed.data()), seed.size());
  message.append(stream_name);
  crypto_generichash(root_.data(), root_.size(),
                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                     nullptr, 0);
}

void SeededSecureStream::fill(std::span<std::byte> out) {
  std::array<unsigned char, kSeedBytes> block_seed{};
  const auto index = little_endian(calls_++);
  crypto_generichash(block_seed.data(), block_seed.size(), index.data(), index.size(), root_.data(),
                     root_.size());
  randombytes_buf_deterministic(out.data(), out.size(), block_seed.data());
  sodium_memzero(block_seed.data(), block_seed.size());
}

}  // namespace edgetwin::fw
