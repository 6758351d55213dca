#pragma once
// What an app's replicas use over the simulated day (docs/formats-extensions.md "Load over
// the day"): the one rule the twin's samples (sim/src/metrics), its OOM kills
// (sim/src/engine/box_load.cpp) and the capacity report (reports/src/capacity_day.cpp) all
// call, so they cannot disagree. t=0 is midnight. How one box's CPU is shared among its
// containers is in load_share.hpp (it needs the firmware's container specs; this header stays
// free of them so the studio can include it beside Qt).
#include <array>
#include <vector>

#include "edgetwin/model/fleet.hpp"

namespace edgetwin::model {

inline constexpr int kHoursPerDay = 24;
inline constexpr double kSecondsPerHour = 3600;

// The hour of the day (0-23) at simulated time t_s.
int hour_of_day(double t_s);

// What the app wants at that hour if nothing held it back.
double cpu_want(const AppUse& use, int hour);
double memory_want_mib(const AppUse& use, int hour);

struct HourUse {
  double cpu = 0;
  double memory_mib = 0;
};

using DayUse = std::array<HourUse, kHoursPerDay>;

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
