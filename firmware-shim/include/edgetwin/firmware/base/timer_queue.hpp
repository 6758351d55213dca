#pragma once
// Timers in deadline order; simultaneous deadlines fire in the order they were set, so every
// backend dispatches the same way and a seed fixes the run.
//
// Why a 4-ary heap over slots, and not a map: a box sets and cancels a timer for nearly every
// datagram it handles (the VRRP Master_Down timer is re-armed by each advert), so the queue is
// on the twin's hottest path. A timer lives in a reused slot; its id carries a generation, so
// cancelling a timer that already fired (or whose slot was reused) does nothing, and a
// cancelled timer stays in the heap until it reaches the top or the heap is compacted.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

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
  std::size_t size() const { return live_; }
  // A hint for an event loop that knows this queue runs next: starts loading the heap's top
  // and its callback's slot into the cache. Changes nothing.
  void prefetch_top() const {
    if (heap_.empty()) return;
    __builtin_prefetch(heap_.data());
    __builtin_prefetch(slots_.data() + (heap_.front().id & kSlotMask));
  }
  void clear();

 private:
  // An id is (sequence << kSlotBits) | slot: ids grow with every add, so ordering by id is
  // ordering by insertion, and the slot is found without a lookup.
  static constexpr int kSlotBits = 17;  // 131,072 slots > kPendingMax
  static constexpr TimerId kSlotMask = (TimerId{1} << kSlotBits) - 1;
  struct Entry {
    Time deadline;
    TimerId id;
    bool operator<(const Entry& o) const { return deadline != o.deadline ? deadline < o.deadline : id < o.id; }
  };
  struct Slot {
    TimerId id = 0;  // 0: free
    std::function<void()> callback;
  };
  bool live(const Entry& e) const { return slots_[e.id & kSlotMask].id == e.id; }
  void push(Entry e);
  void pop_top();
  void drop_cancelled_top();
  void compact();  // rebuilds the heap from live entries when cancelled ones dominate
  void free_slot(TimerId id);

  std::vector<Entry> heap_;  // 4-ary min-heap on (deadline, id)
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t live_ = 0;
  TimerId next_sequence_ = 1;
};

}  // namespace edgetwin::fw
