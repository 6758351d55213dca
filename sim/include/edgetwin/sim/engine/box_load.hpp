#pragma once
// The twin's load clock (docs/formats-extensions.md "Load over the day"): what the apps'
// daily profiles do to the boxes beyond sharing their CPU.
//  - OOM: a running container whose app wants more memory at this hour than its limit is
//    killed (event `container.oom`); the box's HealthMonitor sees it fail and restarts it, and
//    a restart while the app still wants too much is killed again (CrashLoopBackOff).
//  - Storage: every running replica writes its app's logs to its box's SSD and its video to
//    the box's HDD, each kept for its retention (the oldest deleted first); the SSD also
//    holds the images of the containers deployed on the box. A disk that cannot take a write
//    is full: event `disk.full` once; a full SSD is the firmware's condition too (its durable
//    writes fail, as with the `disk-full` fault). Nothing is freed during a run.
// Ticks every kTickS from t=0, only when the fleet has a daily load (model::has_daily_load),
// so a fleet of constant loads keeps its event stream unchanged.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/model/fleet.hpp"
#include "edgetwin/model/load_profile.hpp"
#include "edgetwin/sim/record/event_log.hpp"

namespace edgetwin::sim {

class SimNode;

using model::DiskUse;

class BoxLoad {
 public:
  static constexpr double kTickS = 60;
  static constexpr double kSecondsPerDay = 86'400;

  // `now_s`: the twin's clock, for kills at a container's start.
  BoxLoad(const model::Fleet& fleet, EventLog& log, std::function<double()> now_s);

  // Installs the OOM check on every box's runtime (kills at start).
  void watch(const std::vector<SimNode*>& boxes);
  // One tick at simulated time t: OOM kills, then the writes since the box's previous tick.
  void tick(double t, SimNode& box);
  // What the box's disks hold now (the SSD's images counted from `containers`).
  DiskUse disk_use(const std::string& box,
                   const std::vector<fw::ContainerStatus>& containers) const;

 private:
  struct Disks {
    double ssd_gib = 0;  // capacity; 0: not modelled (the hardware names none)
    double hdd_gib = 0;
    std::map<std::string, double> logs_gib;   // per container
    std::map<std::string, double> video_gib;  // per container
    bool ssd_full = false;
    bool hdd_full = false;
    double last_tick_s = 0;
  };
  bool over_memory(double t, const fw::ContainerSpec& spec) const;
  void log_oom(double t, const std::string& box, const fw::ContainerSpec& spec);
  void write(double t, SimNode& box, Disks& disks, const std::vector<fw::ContainerStatus>& now);
  void fill(double t, const std::string& box, const char* disk, double capacity_gib,
            double used_gib, bool& full);
  double images_gib(const std::vector<fw::ContainerStatus>& containers) const;

  const model::Fleet& fleet_;
  EventLog& log_;
  std::function<double()> now_s_;
  std::map<std::string, std::string> site_of_;
  std::map<std::string, Disks> disks_;
};

}  // namespace edgetwin::sim
