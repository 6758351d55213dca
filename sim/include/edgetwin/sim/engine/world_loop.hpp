#pragma once
// The one event loop of a run (docs/simulation.md, "One world loop"). Every node's timers,
// every datagram in flight and every twin action (faults, samples, progress) sit in a single
// calendar ordered by (time, sequence); one SimGrid actor pops them and calls the node's
// firmware directly. So a node wake-up costs no context switch and a datagram no simcall.
// SimGrid only carries the bulk flows (image pulls). With no flow in flight nothing in
// SimGrid can happen, so the loop runs its calendar without a simcall at all; while flows
// run, it waits on one condition variable until the calendar's next time, and each flow has
// a small watcher actor that records the flow's end and wakes the loop, so a wait costs the
// same with 1 flow or 200.
// Ties break by the order events were scheduled, so a scenario and seed fix the run.
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <queue>
#include <vector>

#include <simgrid/s4u.hpp>

#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::sim {

class WorldLoop {
 public:
  // Something the calendar calls back at its time. Nodes implement it; `token` is what they
  // passed when they scheduled, so a node can tell a wake-up it has since replaced.
  class Target {
   public:
    virtual void on_event(std::uint64_t token) = 0;
    // Called just before the loop runs the event that precedes this one: start loading (with
    // prefetch hints, nothing that changes state) what on_event(token) will read first. A
    // fleet's state is far larger than the caches, and the event ahead is known one event
    // early, so its cache misses overlap the current event's work instead of adding to it.
    virtual void warm(std::uint64_t /*token*/) const {}

   protected:
    ~Target() = default;
  };

  fw::Time now() const { return now_; }

  // Calls `target->on_event(token)` at `t` (not before now). The hot path: no allocation
  // besides the calendar's own growth.
  void schedule(fw::Time t, Target* target, std::uint64_t token);
  // Calls `action` at `t`: the rare events (faults, samples, progress, set-up operations).
  void at(fw::Time t, std::function<void()> action);

  // Starts a bulk transfer (a SimGrid flow) of `bytes` from `from` to `to` now, for `owner`:
  // `done(true)` when it completes, `done(false)` when a link or host on its way fails. The
  // callback runs inside the loop, at its time.
  void start_flow(simgrid::s4u::Host* from, simgrid::s4u::Host* to, std::uint64_t bytes,
                  const void* owner, std::function<void(bool complete)> done);
  // Cancels every flow `owner` waits for, without calling back (the owner lost power).
  void cancel_flows(const void* owner);

  // Called with what an event threw (a broken firmware invariant); the run then stops. Unset:
  // the exception ends the process, as SimGrid does with an actor's exception.
  void set_on_error(std::function<void(const std::exception&)> on_error) { on_error_ = std::move(on_error); }
  // Stops the run after the event being processed (the first invariant violation, when asked).
  void halt() { halted_ = true; }
  bool halted() const { return halted_; }

  // Runs the calendar until `end` (events at `end` and later are left) in one actor on `host`.
  // Returns at once; SimGrid's Engine::run does the rest. Call before any node boots (a boot
  // may start a flow).
  void start(simgrid::s4u::Host* host, fw::Time end);

 private:
  struct Event {
    fw::Time t;
    std::uint64_t seq;
    Target* target;         // null: actions_[token]
    std::uint64_t token;
    bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
  };
  struct Flow {
    simgrid::s4u::CommPtr comm;
    const void* owner;
    std::function<void(bool)> done;
  };
  struct FlowEnd {
    std::uint64_t id;
    bool complete;
  };
  void run(fw::Time end);
  void dispatch(const Event& event);
  // Lets the clock reach `next`, unless a flow ends first: then `now_` is its end and true.
  bool advance_to(fw::Time next);
  bool finish_ended_flows();  // runs the callbacks of flows that ended; true if any
  void sync_simgrid_clock();  // brings SimGrid's clock to now_ (it lags while no flow runs)

  fw::Time now_;
  bool halted_ = false;
  std::function<void(const std::exception&)> on_error_;
  std::uint64_t seq_ = 0;
  // A priority queue whose second-earliest event can be read (calendar.cpp): its target is
  // prefetched two events ahead, and warmed one event ahead (Target::warm).
  struct Calendar : std::priority_queue<Event, std::vector<Event>, std::greater<>> {
    const Event* second() const;
  };
  void warm_upcoming() const;
  Calendar calendar_;
  // The rare actions, by slot; a slot is freed once its action has run.
  std::vector<std::function<void()>> actions_;
  std::vector<std::uint64_t> free_action_slots_;
  std::map<std::uint64_t, Flow> flows_;  // by id, in the order they were started
  std::uint64_t next_flow_id_ = 1;
  std::deque<FlowEnd> ended_;  // recorded by the watchers, in the order the flows ended
  simgrid::s4u::Host* host_ = nullptr;  // where the loop and the watchers run
  simgrid::s4u::MutexPtr mutex_;
  simgrid::s4u::ConditionVariablePtr flow_ended_;
};

}  // namespace edgetwin::sim
