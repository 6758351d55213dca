#pragma once
// Which counters of one sender's current boot a receiver has accepted (the anti-replay window
// of RFC 4303, 3.4.3): every counter above the highest seen is new; below it, the last kWidth
// are remembered bit by bit, and anything older is refused. A sender numbers all its
// datagrams with one counter, so a receiver sees a subsequence with gaps: the window is wide
// because the cloud interleaves datagrams to hundreds of boxes, and a small datagram to one
// box may land before a larger one sent to it a little earlier.
#include <array>
#include <cstdint>

namespace edgetwin::fw {

class ReplayWindow {
 public:
  static constexpr std::uint64_t kWidth = 1024;

  // True the first time `counter` is offered while within the window; false for a repeat,
  // for one older than the window, and for 0 (an unsealed envelope's).
  bool accept(std::uint64_t counter);
  std::uint64_t highest() const { return highest_; }

 private:
  bool seen(std::uint64_t counter) const;
  void mark(std::uint64_t counter, bool value);

  std::uint64_t highest_ = 0;
  std::array<std::uint64_t, kWidth / 64> bits_{};  // bit counter % kWidth
};

}  // namespace edgetwin::fw
