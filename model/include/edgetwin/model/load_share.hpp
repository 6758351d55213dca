#pragma once
// How one box's CPU and memory are shared among its running containers at an hour of the day
// (load_profile.hpp has the apps' hourly wants): the twin's samples, its OOM kills and the
// capacity report call these, so they cannot disagree.
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/model/fleet.hpp"
#include "edgetwin/model/load_profile.hpp"

namespace edgetwin::model {

// The use of a container's app; a container of an app the fleet lacks wants its requests.
AppUse use_of(const Fleet& fleet, const fw::ContainerSpec& spec);

// Each running container's use at `hour` on a box of `cpus`, in input order: CPU as
// fw::share_cpu grants it (requests first, the idle rest lent up to the limits), memory
// min(want, limit) (a container that wants more is OOM-killed by the twin: see box_load).
std::vector<HourUse> container_use(const Fleet& fleet, double cpus,
                                   const std::vector<fw::ContainerSpec>& running, int hour);

// The box's total use at each hour of the day with these containers running.
DayUse box_day(const Fleet& fleet, double cpus, const std::vector<fw::ContainerSpec>& running);

}  // namespace edgetwin::model
