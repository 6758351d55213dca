#pragma once
// Counts of dropped input by reason: every decoder of the firmware keeps one, so that nothing
// malformed is ever silently ignored.
#include <array>
#include <cstddef>
#include <cstdint>
#include <numeric>

namespace edgetwin::fw {

// `Reason` is an enum whose values run from 0 to `kKinds` - 1.
template <class Reason, std::size_t kKinds>
class ReasonCounters {
 public:
  void count(Reason r) { ++counts_[static_cast<std::size_t>(r)]; }
  ReasonCounters& operator+=(const ReasonCounters& other) {
    for (std::size_t i = 0; i < kKinds; ++i) counts_[i] += other.counts_[i];
    return *this;
  }
  std::uint64_t of(Reason r) const { return counts_[static_cast<std::size_t>(r)]; }
  std::uint64_t total() const {
    return std::accumulate(counts_.begin(), counts_.end(), std::uint64_t{0});
  }

 private:
  std::array<std::uint64_t, kKinds> counts_{};
};

}  // namespace edgetwin::fw
