#include "edgetwin/firmware/data/term_bounds.hpp"

#include "edgetwin/firmware/base/invariant.hpp"

namespace edgetwin::fw {

std::uint64_t next_term(std::uint64_t seen, std::uint8_t rank) {
  EDGETWIN_ASSERT(seen <= kTermMax, "a term above kTermMax is never taken, so never seen");
  constexpr std::uint64_t kRankMask = (std::uint64_t{1} << kTermRankBits) - 1;
  return (((seen >> kTermRankBits) + 1) << kTermRankBits) | (rank & kRankMask);
}

}  // namespace edgetwin::fw
