#pragma once
// Bounds on a replication term that arrives in a datagram (issue 17): a term is a reign count
// shifted left by four bits with the taking box's rank in the low bits (next_term), persisted
// and fencing every later write, so one wild value would stick across reboots and, at 2^64-1,
// wrap the next term to a low one. A receiver therefore takes a term only when it is at most
// kTermMax and at most kTermStepMax above the term it knows; anything else is a forgery or a
// bug, refused and counted, never adopted.
#include <cstdint>

namespace edgetwin::fw {

inline constexpr std::uint64_t kTermRankBits = 4;
// Far below the wrap: even at kTermMax, next_term stays in range.
inline constexpr std::uint64_t kTermMax = std::uint64_t{1} << 62;
// 2^20 reigns: more failovers than a site sees in its life, even one whose box slept through
// years of its peer's reigns (each takes one step of 2^kTermRankBits).
inline constexpr std::uint64_t kTermStepMax = std::uint64_t{1} << 24;

// Whether a term from the wire may be taken by a receiver that knows `known`. A term at or
// below `known` is always credible (it is old news, handled as stale by the caller).
constexpr bool term_credible(std::uint64_t received, std::uint64_t known) {
  return received <= known || (received <= kTermMax && received - known <= kTermStepMax);
}

// Higher than `seen`, and this box's own: two boxes of a site never take the same term.
// `seen` is credible (at most kTermMax), so this never wraps.
std::uint64_t next_term(std::uint64_t seen, std::uint8_t rank);

}  // namespace edgetwin::fw
