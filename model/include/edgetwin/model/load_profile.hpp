#pragma once
// What an app's replicas use over the simulated day (docs/formats-extensions.md "Load over
// the day"), and how one box's CPU is shared among them at an hour: the one rule the twin's
// samples (sim/src/metrics), its OOM kills (sim/src/engine/box_load.cpp) and the capacity
// report (reports/src/capacity_day.cpp) all call, so they cannot disagree. t=0 is midnight.
#include <array>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/model/fleet.hpp"

namespace edgetwin::model {

inline constexpr int kHoursPerDay = 24;
inline constexpr double kSecondsPerHour = 3600;

// The hour of the day (0-23) at simulated time t_s.
int hour_of_day(double t_s);

// What the app wants at that hour if nothing held it back.
double cpu_want(const AppUse& use, int hour);
double memory_want_mib(const AppUse& use, int hour);

// The use of a container's app; a container of an app the fleet lacks wants its requests.
AppUse use_of(const Fleet& fleet, const fw::ContainerSpec& spec);

struct HourUse {
  double cpu = 0;
  double memory_mib = 0;
};

// Each running container's use at `hour` on a box of `cpus`, in input order: CPU as
// fw::share_cpu grants it (requests first, the idle rest lent up to the limits), memory
// min(want, limit) (a container that wants more is OOM-killed by the twin: see box_load).
std::vector<HourUse> container_use(const Fleet& fleet, double cpus,
                                   const std::vector<fw::ContainerSpec>& running, int hour);

using DayUse = std::array<HourUse, kHoursPerDay>;

// The box's total use at each hour of the day with these containers running.
DayUse box_day(const Fleet& fleet, double cpus, const std::vector<fw::ContainerSpec>& running);

// The hour of the day at which the use is the highest share of the box (CPU or memory,
// whichever is higher); the earliest on a tie.
int peak_hour(const DayUse& day, double cpus, double memory_mib);

// What a box's disks hold (sim/src/engine/box_load.cpp fills them).
struct DiskUse {
  double ssd_gib = 0;  // images, then logs
  double hdd_gib = 0;  // video
};

// True when some hour's use differs from another's, or memory ever exceeds a limit: the twin
// then needs its load clock (a fleet of constant loads keeps its event stream unchanged).
bool has_daily_load(const Fleet& fleet);

}  // namespace edgetwin::model
