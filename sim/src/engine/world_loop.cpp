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

void WorldLoop::sync_simgrid_clock() {
  if (now_.to_seconds() > sg4::Engine::get_clock()) sg4::this_actor::sleep_until(now_.to_seconds());
}

void WorldLoop::start_flow(sg4::Host* from, sg4::Host* to, std::uint64_t bytes,
                           const void* owner, std::function<void(bool)> done) {
  sync_simgrid_clock();  // the flow starts at the loop's time, not where SimGrid's clock lags
  auto comm = sg4::Comm::sendto_async(from, to, static_cast<double>(bytes));
  const std::uint64_t id = next_flow_id_++;
  flows_.emplace(id, Flow{comm, owner, std::move(done)});
  sg4::Actor::create("flow", host_, [this, comm, id] {
    bool complete = true;
    try {
      comm->wait();
    } catch (const simgrid::NetworkFailureException&) {
      complete = false;  // a link or a host on its way failed
    } catch (const simgrid::CancelException&) {
      return;  // its owner lost power: nobody waits for it any more
    }
    ended_.push_back({id, complete});
    flow_ended_->notify_all();
  });
}

void WorldLoop::cancel_flows(const void* owner) {
  for (auto it = flows_.begin(); it != flows_.end();) {
    if (it->second.owner != owner) {
      ++it;
      continue;
    }
    it->second.comm->cancel();
    it = flows_.erase(it);
  }
}

void WorldLoop::start(sg4::Host* host, fw::Time end) {
  host_ = host;
  mutex_ = sg4::Mutex::create();
  flow_ended_ = sg4::ConditionVariable::create();
  sg4::Actor::create("world", host, [this, end] { run(end); });
}

bool WorldLoop::finish_ended_flows() {
  bool any = false;
  while (!ended_.empty()) {
    const FlowEnd ended = ended_.front();
    ended_.pop_front();
    auto it = flows_.find(ended.id);
    if (it == flows_.end()) continue;  // cancelled after it ended, before the loop saw it
    Flow flow = std::move(it->second);
    flows_.erase(it);
    flow.done(ended.complete);
    any = true;
  }
  return any;
}

bool WorldLoop::advance_to(fw::Time next) {
  if (flows_.empty()) {  // nothing in SimGrid can end before `next`: no simcall
    now_ = next;
    return false;
  }
  sync_simgrid_clock();
  if (ended_.empty()) {
    std::unique_lock lock(*mutex_);
    if (flow_ended_->wait_until(lock, next.to_seconds()) == std::cv_status::timeout &&
        ended_.empty()) {
      now_ = next;
      return false;
    }
  }
  now_ = std::clamp(fw::Time::from_seconds(sg4::Engine::get_clock()), now_, next);
  return finish_ended_flows();
}

// The binary heap's second-earliest event is one of the top's two children.
const WorldLoop::Event* WorldLoop::Calendar::second() const {
  if (c.size() < 2) return nullptr;
  if (c.size() == 2 || c[2] > c[1]) return &c[1];
  return &c[2];
}

void WorldLoop::warm_upcoming() const {
  if (calendar_.empty()) return;
  if (const Event* after = calendar_.second(); after != nullptr && after->target != nullptr)
    __builtin_prefetch(after->target);  // its first line, read by warm() one event from now
  if (const Event& next = calendar_.top(); next.target != nullptr) next.target->warm(next.token);
}

void WorldLoop::dispatch(const Event& event) {
  if (event.target != nullptr) return event.target->on_event(event.token);
  auto action = std::move(actions_[event.token]);
  actions_[event.token] = nullptr;
  free_action_slots_.push_back(event.token);
  action();
}

void WorldLoop::run(fw::Time end) {
  while (!halted_) {
    const fw::Time next = calendar_.empty() ? end : std::min(calendar_.top().t, end);
    if (advance_to(next)) continue;  // a flow ended first; the calendar may have grown
    if (calendar_.empty() || calendar_.top().t >= end) break;  // the run is over
    while (!halted_ && !calendar_.empty() && calendar_.top().t <= now_) {
      const Event event = calendar_.top();
      calendar_.pop();
      warm_upcoming();
      if (!on_error_) {
        dispatch(event);
        continue;
      }
      try {
        dispatch(event);
      } catch (const std::exception& e) {
        on_error_(e);
        halted_ = true;
      }
    }
  }
  // Flows still going when the run ends are cut without a callback: SimGrid complains about
  // an activity destroyed while it still runs.
  for (auto& [id, flow] : flows_) flow.comm->cancel();
  flows_.clear();
}

}  // namespace edgetwin::sim
