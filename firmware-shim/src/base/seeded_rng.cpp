#include "edgetwin/firmware/base/seeded_rng.hpp"

namespace edgetwin::fw {

std::uint64_t stable_hash(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

SeededRng::SeededRng(std::uint64_t run_seed, std::string_view stream_name)
    : state_(run_seed * 0x9e3779b97f4a7c15ull ^ stable_hash(stream_name)) {}

std::uint64_t SeededRng::next_u64() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace edgetwin::fw
