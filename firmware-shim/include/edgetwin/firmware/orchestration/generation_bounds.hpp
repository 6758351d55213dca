#pragma once
// Bounds on a desired-state generation that arrives in a datagram (issue 17): a box obeys a
// state only when its generation is newer than the one it holds, so one wild generation (2^64-1
// with no containers) would stop every app and make every later genuine state look old. A box
// takes a generation only when it is at most kGenerationMax and at most kGenerationStepMax
// above the one it holds; the cloud believes a box's status only up to its own generation.
#include <cstdint>

namespace edgetwin::fw {

inline constexpr std::uint64_t kGenerationMax = std::uint64_t{1} << 62;
// A million changes of one site's apps: more than its life sees, even for a box that slept
// through years of them (a wiped box holds generation 0 and still takes the cloud's).
inline constexpr std::uint64_t kGenerationStepMax = std::uint64_t{1} << 20;

constexpr bool generation_credible(std::uint64_t received, std::uint64_t held) {
  return received <= held || (received <= kGenerationMax && received - held <= kGenerationStepMax);
}

}  // namespace edgetwin::fw
