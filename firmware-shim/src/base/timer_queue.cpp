#include "edgetwin/firmware/base/timer_queue.hpp"

#include <stdexcept>

namespace edgetwin::fw {

TimerId TimerQueue::add(Time deadline, std::function<void()> callback) {
  if (by_deadline_.size() >= kPendingMax) throw std::length_error("TimerQueue: kPendingMax");
  const TimerId id = next_id_++;
  by_deadline_.emplace(Key{deadline, id}, std::move(callback));
  deadline_of_.emplace(id, deadline);
  return id;
}

void TimerQueue::cancel(TimerId id) {
  auto it = deadline_of_.find(id);
  if (it == deadline_of_.end()) return;
  by_deadline_.erase(Key{it->second, id});
  deadline_of_.erase(it);
}

std::optional<Time> TimerQueue::next_deadline() const {
  if (by_deadline_.empty()) return std::nullopt;
  return by_deadline_.begin()->first.first;
}

std::optional<std::function<void()>> TimerQueue::pop_due(Time now) {
  if (by_deadline_.empty() || by_deadline_.begin()->first.first > now) return std::nullopt;
  auto node = by_deadline_.extract(by_deadline_.begin());
  deadline_of_.erase(node.key().second);
  return std::move(node.mapped());
}

void TimerQueue::clear() {
  by_deadline_.clear();
  deadline_of_.clear();
}

}  // namespace edgetwin::fw
