#include "edgetwin/reports/capacity_day.hpp"

#include <algorithm>

#include "edgetwin/model/load_share.hpp"
#include "edgetwin/reports/placement.hpp"

namespace edgetwin::reports {
namespace {

constexpr double kMibPerGib = 1024;
constexpr double kEpsilon = 1e-9;  // rounding noise in sums of MiB / 1024

fw::ContainerSpec spec_of(const model::App& app, int index) {
  fw::ContainerSpec spec;
  spec.name = app.name + "-" + std::to_string(index);
  spec.app = app.name;
  spec.cpu_request = app.cpu;
  spec.cpu_limit = app.cpu_limit;
  spec.memory_request_mib = app.memory_mib;
  spec.memory_limit_mib = app.memory_limit_mib;
  spec.gpu = app.gpu;
  return spec;
}

double share(const Resources& use, const Resources& capacity) {
  const Resources r = ratio(use, capacity);
  return std::max(r.cpus, r.memory_gib);
}

int peak_of(const DayResources& use, const Resources& capacity) {
  int peak = 0;
  for (int h = 1; h < model::kHoursPerDay; ++h)
    if (share(use[static_cast<std::size_t>(h)], capacity) >
        share(use[static_cast<std::size_t>(peak)], capacity))
      peak = h;
  return peak;
}

BoxDay box_day(const model::Fleet& fleet, const BoxLoad& load,
               const std::vector<PlacedReplica>& replicas) {
  BoxDay day{load.site, load.box, load.capacity, load.requests, load.limits, {}, 0};
  std::vector<fw::ContainerSpec> specs;
  for (const auto& r : replicas) specs.push_back(spec_of(*r.app, r.index));
  const model::DayUse use = model::box_day(fleet, load.capacity.cpus, specs);
  for (std::size_t h = 0; h < use.size(); ++h)
    day.use[h] = {use[h].cpu, use[h].memory_mib / kMibPerGib, load.requests.gpus};
  day.peak_hour = model::peak_hour(use, load.capacity.cpus, load.capacity.memory_gib * kMibPerGib);
  return day;
}

// What one replica wants at `hour`, capped at its limits (beyond them it is throttled or
// OOM-killed, never served).
Resources replica_want(const model::App& app, int hour) {
  const double cpu = model::cpu_want(app.use, hour);
  const double memory = model::memory_want_mib(app.use, hour);
  return {app.cpu_limit > 0 ? std::min(cpu, app.cpu_limit) : cpu,
          (app.memory_limit_mib > 0 ? std::min(memory, app.memory_limit_mib) : memory) / kMibPerGib,
          static_cast<double>(app.gpu)};
}

double shortfall(double need, double have) { return need - have > kEpsilon ? need - have : 0; }

SiteDay site_day(const model::Fleet& fleet, const model::Site& site, const SiteN1& n1) {
  SiteDay day;
  day.site = site.name;
  day.n1_capacity = n1.remaining;
  day.requests_fit_n1 = n1.ok();
  const auto system = fleet.systems.find(site.system);
  if (system != fleet.systems.end())
    for (const auto& name : system->second) {
      const auto app = fleet.apps.find(name);
      if (app == fleet.apps.end()) continue;
      for (int h = 0; h < model::kHoursPerDay; ++h)
        for (int r = 0; r < app->second.replicas; ++r)
          day.want[static_cast<std::size_t>(h)] =
              day.want[static_cast<std::size_t>(h)] + replica_want(app->second, h);
    }
  day.peak_hour = peak_of(day.want, day.n1_capacity);
  const Resources peak = day.peak_want();
  day.peak_shortfall = {shortfall(peak.cpus, day.n1_capacity.cpus),
                        shortfall(peak.memory_gib, day.n1_capacity.memory_gib), 0};
  return day;
}

}  // namespace

bool SiteDay::peak_fits_n1() const {
  return peak_shortfall.cpus == 0 && peak_shortfall.memory_gib == 0;
}

int CapacityDay::peak_risk_sites() const {
  return static_cast<int>(std::count_if(sites.begin(), sites.end(),
                                        [](const SiteDay& s) { return !s.peak_fits_n1(); }));
}

int CapacityDay::peak_risk_sites_requests_fit() const {
  return static_cast<int>(std::count_if(sites.begin(), sites.end(), [](const SiteDay& s) {
    return !s.peak_fits_n1() && s.requests_fit_n1;
  }));
}

CapacityDay compute_capacity_day(const model::Fleet& fleet, const CapacityReport& capacity) {
  CapacityDay out;
  std::size_t box_index = 0;
  for (std::size_t i = 0; i < fleet.sites.size() && i < capacity.sites.size(); ++i) {
    const model::Site& site = fleet.sites[i];
    const auto placement = place_site_replicas(fleet, site);
    for (const auto& box : site.boxes) {
      if (box_index >= capacity.boxes.size()) break;
      out.boxes.push_back(
          box_day(fleet, capacity.boxes[box_index++], placement.by_box.at(box.name)));
    }
    out.sites.push_back(site_day(fleet, site, capacity.sites[i]));
  }
  for (const auto& b : out.boxes) {
    out.fleet_capacity = out.fleet_capacity + b.capacity;
    for (std::size_t h = 0; h < b.use.size(); ++h) out.fleet_use[h] = out.fleet_use[h] + b.use[h];
  }
  out.fleet_peak_hour = peak_of(out.fleet_use, out.fleet_capacity);
  return out;
}

}  // namespace edgetwin::reports
