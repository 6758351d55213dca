#include "edgetwin/firmware/wire/replay_window.hpp"

namespace edgetwin::fw {

bool ReplayWindow::seen(std::uint64_t counter) const {
  const std::uint64_t bit = counter % kWidth;
  return (bits_[bit / 64] >> (bit % 64)) & 1u;
}

void ReplayWindow::mark(std::uint64_t counter, bool value) {
  const std::uint64_t bit = counter % kWidth;
  const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
  if (value)
    bits_[bit / 64] |= mask;
  else
    bits_[bit / 64] &= ~mask;
}

bool ReplayWindow::accept(std::uint64_t counter) {
  if (counter == 0) return false;
  if (counter > highest_) {
    if (counter - highest_ >= kWidth) {
      bits_.fill(0);
    } else {
      // Forget the counters the window slides past; a whole word at a time where it can, as
      // the cloud's counter moves by hundreds between two datagrams to one box.
      for (std::uint64_t c = highest_ + 1; c < counter;) {
        if (c % 64 == 0 && counter - c >= 64) {
          bits_[(c % kWidth) / 64] = 0;
          c += 64;
        } else {
          mark(c++, false);
        }
      }
    }
    highest_ = counter;
    mark(counter, true);
    return true;
  }
  if (highest_ - counter >= kWidth || seen(counter)) return false;
  mark(counter, true);
  return true;
}

}  // namespace edgetwin::fw
