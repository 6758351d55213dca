#include "edgetwin/reports/capacity.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

#include "edgetwin/reports/placement.hpp"

namespace edgetwin::reports {
namespace {

constexpr double kMibPerGib = 1024;
// Sums of MiB / 1024 are exact for the sizes fleets use; this only absorbs rounding noise.
constexpr double kEpsilon = 1e-9;

double divide(double a, double b) {
  if (a <= 0) return 0;
  return b > 0 ? a / b : std::numeric_limits<double>::infinity();
}

Resources hardware_capacity(const model::Fleet& fleet, const model::Box& box) {
  const auto hw = fleet.hardware.find(box.hardware);
  if (hw == fleet.hardware.end()) return {};
  return {static_cast<double>(hw->second.cpus), hw->second.memory_gib,
          static_cast<double>(hw->second.gpus)};
}

void add_replicas(BoxLoad& load, const std::vector<PlacedReplica>& replicas) {
  for (const auto& r : replicas) {
    const model::App& app = *r.app;
    load.requests = load.requests + Resources{app.cpu, app.memory_mib / kMibPerGib,
                                              static_cast<double>(app.gpu)};
    load.limits = load.limits + Resources{app.cpu_limit, app.memory_limit_mib / kMibPerGib,
                                          static_cast<double>(app.gpu)};
    ++load.replicas;
  }
}

BoxLoad box_load(const model::Fleet& fleet, const model::Site& site, const model::Box& box,
                 const std::vector<PlacedReplica>& replicas) {
  BoxLoad load{site.name, box.name, box.hardware, hardware_capacity(fleet, box), {}, {}, 0};
  add_replicas(load, replicas);
  return load;
}

// The box whose loss hurts most: most CPUs, then memory, then GPUs; the first one on ties.
const BoxLoad* largest_box(const std::vector<BoxLoad>& site_boxes) {
  const BoxLoad* largest = nullptr;
  auto key = [](const BoxLoad& b) {
    return std::tuple(b.capacity.cpus, b.capacity.memory_gib, b.capacity.gpus);
  };
  for (const auto& b : site_boxes)
    if (largest == nullptr || key(b) > key(*largest)) largest = &b;
  return largest;
}

double shortfall(double need, double have) { return need - have > kEpsilon ? need - have : 0; }

// `unplaced`: the replicas that fit on no box at start still count in the site's requests.
SiteN1 site_n1(const std::string& name, const std::vector<BoxLoad>& site_boxes,
               const BoxLoad& unplaced) {
  SiteN1 s;
  s.site = name;
  s.boxes = static_cast<int>(site_boxes.size());
  s.requests = unplaced.requests;
  s.limits = unplaced.limits;
  s.unplaced_replicas = unplaced.replicas;
  for (const auto& b : site_boxes) {
    s.capacity = s.capacity + b.capacity;
    s.requests = s.requests + b.requests;
    s.limits = s.limits + b.limits;
  }
  s.remaining = s.capacity;
  if (const BoxLoad* largest = largest_box(site_boxes)) {
    s.largest_box = largest->box;
    s.remaining = s.capacity - largest->capacity;
  }
  s.shortfall = {shortfall(s.requests.cpus, s.remaining.cpus),
                 shortfall(s.requests.memory_gib, s.remaining.memory_gib),
                 shortfall(s.requests.gpus, s.remaining.gpus)};
  return s;
}

}  // namespace

Resources operator+(const Resources& a, const Resources& b) {
  return {a.cpus + b.cpus, a.memory_gib + b.memory_gib, a.gpus + b.gpus};
}

Resources operator-(const Resources& a, const Resources& b) {
  return {a.cpus - b.cpus, a.memory_gib - b.memory_gib, a.gpus - b.gpus};
}

Resources ratio(const Resources& a, const Resources& b) {
  return {divide(a.cpus, b.cpus), divide(a.memory_gib, b.memory_gib), divide(a.gpus, b.gpus)};
}

// A replica that fits nowhere with every box up cannot fit with one down either.
bool SiteN1::ok() const {
  return unplaced_replicas == 0 && shortfall.cpus == 0 && shortfall.memory_gib == 0 &&
         shortfall.gpus == 0;
}

int CapacityReport::n1_ok_sites() const {
  return static_cast<int>(std::count_if(sites.begin(), sites.end(), [](auto& s) { return s.ok(); }));
}

int CapacityReport::n1_risk_sites() const {
  return static_cast<int>(sites.size()) - n1_ok_sites();
}

CapacityReport compute_capacity(const model::Fleet& fleet) {
  CapacityReport report;
  report.fleet_name = fleet.name;
  for (const auto& site : fleet.sites) {
    const auto placement = place_site_replicas(fleet, site);
    std::vector<BoxLoad> site_boxes;
    for (const auto& box : site.boxes)
      site_boxes.push_back(box_load(fleet, site, box, placement.by_box.at(box.name)));
    BoxLoad unplaced;
    add_replicas(unplaced, placement.unplaced);
    report.sites.push_back(site_n1(site.name, site_boxes, unplaced));
    report.boxes.insert(report.boxes.end(), site_boxes.begin(), site_boxes.end());
  }
  for (const auto& s : report.sites) {
    report.capacity = report.capacity + s.capacity;
    report.requests = report.requests + s.requests;
    report.limits = report.limits + s.limits;
  }
  return report;
}

}  // namespace edgetwin::reports
