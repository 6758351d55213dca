#pragma once
// The one event loop of a run (docs/simulation.md, "One world loop"). Every node's timers,
// every datagram in flight and every twin action (faults, samples, progress) sit in a single
// calendar ordered by (time, sequence); one SimGrid actor pops them and calls the node's
// firmware directly. So a node wake-up costs no context switch and a datagram no simcall:
// SimGrid only advances the clock (one sleep per distinct event time) and carries the bulk
// flows (image pulls), which the loop waits for with the calendar's next time as timeout.
// Ties break by the order events were scheduled, so a scenario and seed fix the run.
#include <cstdint>
#include <functional>
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

   protected:
    ~Target() = default;
  };

  fw::Time now() const { return now_; }

  // Calls `target->on_event(token)` at `t` (not before now). The hot path: no allocation
  // besides the calendar's own growth.
  void schedule(fw::Time t, Target* target, std::uint64_t token);
  // Calls `action` at `t`: the rare events (faults, samples, progress, set-up operations).
  void at(fw::Time t, std::function<void()> action);

  // A bulk transfer (a SimGrid flow) that `owner` waits for: `done(true)` when it completes,
  // `done(false)` when a link or host on its way fails. Runs inside the loop, at its time.
  void watch(simgrid::s4u::CommPtr flow, const void* owner, std::function<void(bool complete)> done);
  // Cancels every flow `owner` waits for, without calling back (the owner lost power).
  void cancel_flows(const void* owner);

  // Runs the calendar until `end` (events at `end` and later are left) in one actor on `host`.
  // Returns at once; SimGrid's Engine::run does the rest.
  void start(simgrid::s4u::Host* host, fw::Time end);

  // How many calendar events ran, and how many distinct instants the clock stopped at.
  std::uint64_t events_run() const { return events_run_; }
  std::uint64_t instants() const { return instants_; }

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
  void run(fw::Time end);
  // Lets the clock reach `next`, unless a flow ends first: then `now_` is its end and true.
  bool advance_to(fw::Time next);
  void finish_flow(std::size_t index, bool complete);
  void fail_broken_flows();

  fw::Time now_;
  std::uint64_t seq_ = 0;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> calendar_;
  // The rare actions, by slot; a slot is freed once its action has run.
  std::vector<std::function<void()>> actions_;
  std::vector<std::uint64_t> free_action_slots_;
  std::vector<Flow> flows_;  // in the order they were started
  std::uint64_t events_run_ = 0;
  std::uint64_t instants_ = 0;
};

}  // namespace edgetwin::sim
