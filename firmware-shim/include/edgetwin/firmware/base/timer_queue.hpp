#pragma once
// Timers in deadline order; simultaneous deadlines fire in the order they were set, so every
// backend dispatches the same way and a seed fixes the run.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::fw {

class TimerQueue {
 public:
  // Bound on pending timers of one box: a leak of timers is a bug, not a load.
  static constexpr std::size_t kPendingMax = 100'000;

  TimerId add(Time deadline, std::function<void()> callback);
  void cancel(TimerId id);
  std::optional<Time> next_deadline() const;
  // Pops the earliest timer if it is due at `now`; the caller runs it.
  std::optional<std::function<void()>> pop_due(Time now);
  std::size_t size() const { return by_deadline_.size(); }
  void clear();

 private:
  using Key = std::pair<Time, TimerId>;
  std::map<Key, std::function<void()>> by_deadline_;
  std::unordered_map<TimerId, Time> deadline_of_;  // lookup only, never iterated
  TimerId next_id_ = 1;
};

}  // namespace edgetwin::fw
