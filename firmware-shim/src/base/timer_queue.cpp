#include "edgetwin/firmware/base/timer_queue.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace edgetwin::fw {

namespace {

constexpr std::size_t kArity = 4;  // shallower than binary: fewer cache misses per sift

}  // namespace

TimerId TimerQueue::add(Time deadline, std::function<void()> callback) {
  if (live_ >= kPendingMax) throw std::length_error("TimerQueue: kPendingMax");
  std::uint32_t slot = static_cast<std::uint32_t>(slots_.size());
  if (free_slots_.empty()) {
    slots_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  const TimerId id = (next_sequence_++ << kSlotBits) | slot;
  slots_[slot] = {id, std::move(callback)};
  ++live_;
  push({deadline, id});
  return id;
}

void TimerQueue::free_slot(TimerId id) {
  Slot& slot = slots_[id & kSlotMask];
  slot.id = 0;
  slot.callback = nullptr;
  free_slots_.push_back(static_cast<std::uint32_t>(id & kSlotMask));
  --live_;
}

void TimerQueue::cancel(TimerId id) {
  if ((id & kSlotMask) >= slots_.size() || slots_[id & kSlotMask].id != id || id == 0) return;
  free_slot(id);
  drop_cancelled_top();
  if (heap_.size() > 64 && heap_.size() > 2 * live_) compact();
}

std::optional<Time> TimerQueue::next_deadline() const {
  if (heap_.empty()) return std::nullopt;
  return heap_.front().deadline;  // the top is always live (drop_cancelled_top)
}

std::optional<std::function<void()>> TimerQueue::pop_due(Time now) {
  if (heap_.empty() || heap_.front().deadline > now) return std::nullopt;
  const TimerId id = heap_.front().id;
  pop_top();
  auto callback = std::move(slots_[id & kSlotMask].callback);
  free_slot(id);
  drop_cancelled_top();
  return callback;
}

void TimerQueue::clear() {
  heap_.clear();
  slots_.clear();
  free_slots_.clear();
  live_ = 0;
}

void TimerQueue::push(Entry e) {
  std::size_t i = heap_.size();
  heap_.push_back(e);
  while (i > 0) {
    const std::size_t parent = (i - 1) / kArity;
    if (!(e < heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = e;
}

void TimerQueue::pop_top() {
  const Entry last = heap_.back();
  heap_.pop_back();
  if (heap_.empty()) return;
  std::size_t i = 0;
  for (;;) {
    const std::size_t first = i * kArity + 1;
    if (first >= heap_.size()) break;
    std::size_t best = first;
    const std::size_t end = std::min(first + kArity, heap_.size());
    for (std::size_t c = first + 1; c < end; ++c)
      if (heap_[c] < heap_[best]) best = c;
    if (!(heap_[best] < last)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = last;
}

void TimerQueue::drop_cancelled_top() {
  while (!heap_.empty() && !live(heap_.front())) pop_top();
}

void TimerQueue::compact() {
  std::vector<Entry> kept;
  kept.reserve(live_);
  for (const Entry& e : heap_)
    if (live(e)) kept.push_back(e);
  heap_.clear();
  for (const Entry& e : kept) push(e);
}

}  // namespace edgetwin::fw
