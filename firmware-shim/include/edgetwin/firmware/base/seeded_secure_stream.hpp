#pragma once
// The secure_bytes() of the twin and the test platform: a reproducible stream that is still a
// CSPRNG for whoever does not know the seed. Each call takes a fresh 32-byte block seed,
// BLAKE2b(key = the stream's root seed, message = the call's index), and expands it with
// libsodium's randombytes_buf_deterministic (ChaCha20). Seeing any number of outputs tells
// nothing about the others, unlike the SplitMix64 of rng(), whose state is its output
// unmixed. The root seed comes from the run seed and the node's name, so a run replays byte
// for byte; a real box uses the kernel's generator instead (the Linux platform).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace edgetwin::fw {

class SeededSecureStream {
 public:
  static constexpr std::size_t kSeedBytes = 32;  // randombytes_SEEDBYTES

  SeededSecureStream(std::uint64_t run_seed, std::string_view stream_name);
  void fill(std::span<std::byte> out);

 private:
  std::array<unsigned char, kSeedBytes> root_{};
  std::uint64_t calls_ = 0;
};

}  // namespace edgetwin::fw
