#include "edgetwin/model/load_profile.hpp"

#include <algorithm>
#include <cmath>

#include "edgetwin/firmware/orchestration/qos.hpp"
#include "edgetwin/model/load_share.hpp"

namespace edgetwin::model {
namespace {

bool at_peak(const AppUse& use, int hour) {
  return std::binary_search(use.peak_hours.begin(), use.peak_hours.end(), hour);
}

}  // namespace

int hour_of_day(double t_s) {
  const auto hours = static_cast<long long>(std::floor(t_s / kSecondsPerHour));
  return static_cast<int>(((hours % kHoursPerDay) + kHoursPerDay) % kHoursPerDay);
}

double cpu_want(const AppUse& use, int hour) {
  if (!use.profile.empty()) return use.cpu * use.profile[static_cast<std::size_t>(hour)];
  return at_peak(use, hour) ? use.cpu_peak : use.cpu;
}

double memory_want_mib(const AppUse& use, int hour) {
  return at_peak(use, hour) ? use.memory_peak_mib : use.memory_mib;
}

AppUse use_of(const Fleet& fleet, const fw::ContainerSpec& spec) {
  if (const auto app = fleet.apps.find(spec.app); app != fleet.apps.end()) return app->second.use;
  AppUse use;
  use.cpu = spec.cpu_request;
  use.cpu_peak = spec.cpu_limit;
  use.memory_mib = use.memory_peak_mib = spec.memory_request_mib;
  return use;
}

std::vector<HourUse> container_use(const Fleet& fleet, double cpus,
                                   const std::vector<fw::ContainerSpec>& running, int hour) {
  std::vector<fw::CpuDemand> demands;
  std::vector<HourUse> out;
  for (const auto& s : running) {
    const AppUse use = use_of(fleet, s);
    demands.push_back({s.cpu_request, s.cpu_limit, cpu_want(use, hour)});
    const double memory = memory_want_mib(use, hour);
    out.push_back({0, s.memory_limit_mib > 0 ? std::min(memory, s.memory_limit_mib) : memory});
  }
  const auto grants = fw::share_cpu(cpus, demands);
  for (std::size_t i = 0; i < out.size(); ++i) out[i].cpu = grants[i];
  return out;
}

DayUse box_day(const Fleet& fleet, double cpus, const std::vector<fw::ContainerSpec>& running) {
  DayUse day{};
  for (int hour = 0; hour < kHoursPerDay; ++hour)
    for (const auto& u : container_use(fleet, cpus, running, hour)) {
      day[static_cast<std::size_t>(hour)].cpu += u.cpu;
      day[static_cast<std::size_t>(hour)].memory_mib += u.memory_mib;
    }
  return day;
}

int peak_hour(const DayUse& day, double cpus, double memory_mib) {
  auto share = [&](const HourUse& u) {
    return std::max(cpus > 0 ? u.cpu / cpus : 0, memory_mib > 0 ? u.memory_mib / memory_mib : 0);
  };
  int peak = 0;
  for (int hour = 1; hour < kHoursPerDay; ++hour)
    if (share(day[static_cast<std::size_t>(hour)]) > share(day[static_cast<std::size_t>(peak)]))
      peak = hour;
  return peak;
}

bool has_daily_load(const Fleet& fleet) {
  for (const auto& [name, app] : fleet.apps) {
    const AppUse& u = app.use;
    if (!u.profile.empty() || !u.peak_hours.empty()) return true;
    if (u.log_mib_per_day > 0 || u.video_gib_per_day > 0) return true;
    if (app.memory_limit_mib > 0 && u.memory_mib > app.memory_limit_mib) return true;
  }
  return false;
}

}  // namespace edgetwin::model
