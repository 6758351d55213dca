#pragma once
// Plays the scenario's fault timeline (kinds: model/fault_kinds.hpp): each fault's start and
// end are events of the world loop, which flip hosts, links and nodes at their time. Random faults
// are drawn up front from the run seed, so the timeline is fixed before the first event. Overlapping faults on one target
// nest: the target comes back when the last of them ends. Overlapping link degradations or
// clock skews (or datagram chaos) of one target do not add up: the latest one applies until
// the last one ends; stalls and full disks nest like power.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "edgetwin/model/scenario.hpp"
#include "edgetwin/sim/engine/fleet_platform.hpp"
#include "edgetwin/sim/engine/lan_partitions.hpp"
#include "edgetwin/sim/engine/sim_node.hpp"
#include "edgetwin/sim/engine/world_loop.hpp"
#include "edgetwin/sim/record/event_log.hpp"
#include "edgetwin/sim/record/fault_window.hpp"

namespace edgetwin::sim {

class FaultInjector {
 public:
  // Bound on drawn random faults, so a typo in a rate cannot exhaust memory.
  static constexpr std::size_t kRandomFaultsMax = 100'000;

  FaultInjector(const model::Scenario& scenario, std::uint64_t seed, FleetPlatform& platform,
                std::map<std::string, SimNode*> boxes, EventLog& log, LanPartitions& partitions);
  const std::vector<FaultWindow>& windows() const { return windows_; }
  void start(WorldLoop& loop);  // puts every start and end in the loop's calendar
  // Called after a link-degrade changes a link's latency or bandwidth (the datagram network
  // caches each route's sum of them: SimGrid signals no latency change).
  void on_link_properties_changed(std::function<void()> changed) { links_changed_ = std::move(changed); }

 private:
  struct Action {
    double t;
    std::uint64_t seq;
    std::function<void()> apply;
  };
  void expand(const model::FaultSpec& spec, std::uint64_t seed);
  void schedule(FaultWindow window);
  void box_power(const std::string& box, bool down);
  void link_state(const std::string& link, bool down);
  // A kind's behaviour at the start (down) and end of one of its windows.
  using Behaviour = void (FaultInjector::*)(const FaultWindow& w, bool down);
  static Behaviour behaviour_of(std::string_view kind);
  void power_only(const FaultWindow& w, bool down);
  void lose_disk(const FaultWindow& w, bool down);
  void split_lan(const FaultWindow& w, bool down);
  void cut_wan(const FaultWindow& w, bool down);
  void cut_egress(const FaultWindow& w, bool down);
  void container_fault(const FaultWindow& w, bool down);
  void degrade_link(const FaultWindow& w, bool start);
  void skew_clock(const FaultWindow& w, bool start);
  void stall_box(const FaultWindow& w, bool down);
  void fill_disk(const FaultWindow& w, bool down);
  void restart_cloud(const FaultWindow& w, bool down);
  void datagram_chaos(const FaultWindow& w, bool start);

  const model::Scenario& scenario_;
  FleetPlatform& platform_;
  std::map<std::string, SimNode*> boxes_;
  EventLog& log_;
  LanPartitions& partitions_;
  WorldLoop* loop_ = nullptr;
  std::vector<FaultWindow> windows_;
  std::function<void()> links_changed_;
  std::vector<Action> actions_;
  std::map<std::string, int> down_count_;  // nesting of faults per box or link
  // A degraded link's healthy latency and bandwidth, restored when its last degradation ends.
  struct LinkHealth {
    double latency_s = 0;
    double bandwidth = 0;
    int degradations = 0;
  };
  std::map<std::string, LinkHealth> degraded_;
};

}  // namespace edgetwin::sim
