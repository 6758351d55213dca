#pragma once
// The Rng every backend hands a box: SplitMix64 seeded from the run seed and the box name, so
// each box has its own stream and adding a box does not shift the others' draws.
#include <cstdint>
#include <string_view>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

class SeededRng final : public Rng {
 public:
  SeededRng(std::uint64_t run_seed, std::string_view stream_name);
  std::uint64_t next_u64() override;

 private:
  std::uint64_t state_;
};

// FNV-1a: stable across platforms and standard libraries (std::hash is not).
std::uint64_t stable_hash(std::string_view s);

}  // namespace edgetwin::fw
