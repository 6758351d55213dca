#include "edgetwin/sim/metrics/box_resources.hpp"

#include <algorithm>
#include <cmath>

#include "edgetwin/model/load_share.hpp"
#include "edgetwin/model/site_placement.hpp"
#include "edgetwin/sim/record/append_new_key.hpp"

namespace edgetwin::sim {
namespace {

const std::vector<std::string> kColumns{"cpu_request",    "cpu_limit",    "cpu_use",
                                        "memory_request", "memory_limit", "memory_use",
                                        "gpu_request",    "gpu_limit",    "gpu_use",
                                        "ssd_use",        "hdd_use"};

// Three decimals: 0.1% of a 40-CPU box is 0.04 CPU, finer than any request.
double fraction(double amount, double capacity) {
  if (capacity <= 0) return 0;
  return std::round(amount / capacity * 1000) / 1000;
}

std::vector<fw::ContainerSpec> running(const std::vector<fw::ContainerStatus>& containers) {
  std::vector<fw::ContainerSpec> out;
  for (const auto& c : containers)
    if (c.state == fw::ContainerState::running) out.push_back(c.spec);  // a failed one uses nothing
  return out;
}

}  // namespace

BoxResources::BoxResources(const model::Fleet& fleet) : fleet_(fleet) {
  for (const auto& site : fleet.sites) {
    for (const auto& node : model::site_nodes(fleet, site)) {
      capacity_[node.name] = node.capacity;
      box_order_.push_back(node.name);
    }
    for (const auto& box : site.boxes)
      if (const auto hw = fleet.hardware.find(box.hardware); hw != fleet.hardware.end())
        disk_capacity_[box.name] = {hw->second.ssd_gib, hw->second.hdd_tib * 1024};
  }
}

BoxResources::Load BoxResources::load_of(double t, const std::string& box,
                                         const std::vector<fw::ContainerStatus>& containers,
                                         const model::DiskUse& disks) const {
  const fw::Resources& capacity = capacity_.at(box);
  fw::Resources request, limit, use;
  for (const auto& c : containers) {
    if (c.state == fw::ContainerState::stopped) continue;
    const fw::ContainerSpec& s = c.spec;
    request = {request.cpu + s.cpu_request, request.memory_mib + s.memory_request_mib,
               request.gpu + s.gpu};
    limit = {limit.cpu + s.cpu_limit, limit.memory_mib + s.memory_limit_mib, limit.gpu + s.gpu};
    if (c.state == fw::ContainerState::running) use.gpu += s.gpu;
  }
  for (const auto& u :
       model::container_use(fleet_, capacity.cpu, running(containers), model::hour_of_day(t))) {
    use.cpu += u.cpu;
    use.memory_mib += u.memory_mib;
  }
  const double gpus = capacity.gpu;
  const auto disk = disk_capacity_.find(box);
  const model::DiskUse size = disk == disk_capacity_.end() ? model::DiskUse{} : disk->second;
  return {fraction(request.cpu, capacity.cpu),       fraction(limit.cpu, capacity.cpu),
          fraction(use.cpu, capacity.cpu),           fraction(request.memory_mib, capacity.memory_mib),
          fraction(limit.memory_mib, capacity.memory_mib), fraction(use.memory_mib, capacity.memory_mib),
          fraction(request.gpu, gpus),                fraction(limit.gpu, gpus),
          fraction(use.gpu, gpus),                    fraction(disks.ssd_gib, size.ssd_gib),
          fraction(disks.hdd_gib, size.hdd_gib)};
}

int BoxResources::index_of(const Load& load) {
  if (const auto it = load_index_.find(load); it != load_index_.end()) return it->second;
  if (loads_.size() >= kLoadsMax) {
    truncated_ = true;
    return -1;
  }
  loads_.push_back(load);
  return load_index_[load] = static_cast<int>(loads_.size()) - 1;
}

void BoxResources::sample(double t, const std::string& box,
                          const std::vector<fw::ContainerStatus>& containers, const model::DiskUse& disks) {
  if (!capacity_.contains(box)) return;
  const int index = index_of(load_of(t, box, containers, disks));
  if (index < 0) return;
  auto& series = series_[box];
  if (series.empty() || series.back().second != index) series.emplace_back(t, index);
}

void BoxResources::sample_day(const std::string& box,
                              const std::vector<fw::ContainerStatus>& containers) {
  const auto capacity = capacity_.find(box);
  if (capacity == capacity_.end()) return;
  const fw::Resources& c = capacity->second;
  // Placed containers (not stopped), running or not: a replica OOM-killed at the end is
  // still the box's to carry tomorrow.
  std::vector<fw::ContainerSpec> placed;
  for (const auto& s : containers)
    if (s.state != fw::ContainerState::stopped) placed.push_back(s.spec);
  const model::DayUse day = model::box_day(fleet_, c.cpu, placed);
  std::vector<std::vector<double>> row;
  for (const auto& hour : day)
    row.push_back({fraction(hour.cpu, c.cpu), fraction(hour.memory_mib, c.memory_mib)});
  auto [it, added] = day_index_.try_emplace(row, static_cast<int>(days_.size()));
  if (added) days_.push_back(row);
  box_day_[box] = {it->second, model::peak_hour(day, c.cpu, c.memory_mib)};
}

nlohmann::ordered_json BoxResources::to_json() const {
  nlohmann::ordered_json boxes = nlohmann::ordered_json::object();
  for (const auto& box : box_order_) {
    const auto it = series_.find(box);
    if (it == series_.end()) continue;
    auto& pairs = append_new_key(boxes, box, nlohmann::ordered_json::array());  // fleet order: each box once
    for (const auto& [t, index] : it->second) {
      pairs.push_back(t);
      pairs.push_back(index);
    }
  }
  nlohmann::ordered_json day_boxes = nlohmann::ordered_json::object();
  for (const auto& box : box_order_)
    if (const auto it = box_day_.find(box); it != box_day_.end())
      append_new_key(day_boxes, box,
                     {{"profile", it->second.first}, {"peak_hour", it->second.second}});
  nlohmann::ordered_json out{{"interval_s", kIntervalS}, {"columns", kColumns}, {"loads", loads_},
                             {"boxes", boxes}};
  out["day"] = {{"columns", {"cpu_use", "memory_use"}}, {"profiles", days_}, {"boxes", day_boxes}};
  if (truncated_) out["truncated"] = true;
  return out;
}

}  // namespace edgetwin::sim
