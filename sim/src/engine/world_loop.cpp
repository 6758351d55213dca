#include "edgetwin/sim/engine/world_loop.hpp"

#include <algorithm>
#include <stdexcept>

#include <simgrid/Exception.hpp>

namespace edgetwin::sim {
namespace sg4 = simgrid::s4u;

void WorldLoop::schedule(fw::Time t, Target* target, std::uint64_t token) {
  calendar_.push({std::max(t, now_), seq_++, target, token});
}

void WorldLoop::at(fw::Time t, std::function<void()> action) {
  std::uint64_t slot = actions_.size();
  if (free_action_slots_.empty()) {
    actions_.push_back(std::move(action));
  } else {
    slot = free_action_slots_.back();
    free_action_slots_.pop_back();
    actions_[slot] = std::move(action);
  }
  schedule(t, nullptr, slot);
}

void WorldLoop::watch(sg4::CommPtr flow, const void* owner, std::function<void(bool)> done) {
  flows_.push_back({std::move(flow), owner, std::move(done)});
}

void WorldLoop::cancel_flows(const void* owner) {
  for (std::size_t i = flows_.size(); i-- > 0;) {
    if (flows_[i].owner != owner) continue;
    flows_[i].comm->cancel();
    flows_.erase(flows_.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

void WorldLoop::start(sg4::Host* host, fw::Time end) {
  sg4::Actor::create("world", host, [this, end] { run(end); });
}

void WorldLoop::finish_flow(std::size_t index, bool complete) {
  Flow flow = std::move(flows_.at(index));
  flows_.erase(flows_.begin() + static_cast<std::ptrdiff_t>(index));
  flow.done(complete);
}

void WorldLoop::fail_broken_flows() {
  for (std::size_t i = flows_.size(); i-- > 0;)
    if (flows_[i].comm->get_state() == sg4::Activity::State::FAILED) finish_flow(i, false);
}

bool WorldLoop::advance_to(fw::Time next) {
  if (flows_.empty()) {
    // One simcall per distinct instant: events that share a time share the wake-up.
    if (next > now_) sg4::this_actor::sleep_until(next.to_seconds());
    now_ = next;
    return false;
  }
  std::vector<sg4::CommPtr> comms;
  comms.reserve(flows_.size());
  for (const auto& f : flows_) comms.push_back(f.comm);
  const double timeout = std::max(0.0, next.to_seconds() - sg4::Engine::get_clock());
  ssize_t done = -1;
  try {
    done = sg4::Comm::wait_any_for(comms, timeout);
  } catch (const simgrid::NetworkFailureException&) {
    // A link or a host on some flow's way failed: find which, at the time it failed.
    now_ = std::clamp(fw::Time::from_seconds(sg4::Engine::get_clock()), now_, next);
    fail_broken_flows();
    return true;
  }
  if (done < 0) {
    now_ = next;
    return false;
  }
  now_ = std::clamp(fw::Time::from_seconds(sg4::Engine::get_clock()), now_, next);
  finish_flow(static_cast<std::size_t>(done), true);
  return true;
}

void WorldLoop::run(fw::Time end) {
  for (;;) {
    const fw::Time next = calendar_.empty() ? end : std::min(calendar_.top().t, end);
    if (advance_to(next)) continue;  // a flow ended first; the calendar may have grown
    if (calendar_.empty() || calendar_.top().t >= end) break;
    ++instants_;
    while (!calendar_.empty() && calendar_.top().t <= now_) {
      const Event event = calendar_.top();
      calendar_.pop();
      ++events_run_;
      if (event.target != nullptr) {
        event.target->on_event(event.token);
        continue;
      }
      auto action = std::move(actions_[event.token]);
      actions_[event.token] = nullptr;
      free_action_slots_.push_back(event.token);
      action();
    }
  }
}

}  // namespace edgetwin::sim
