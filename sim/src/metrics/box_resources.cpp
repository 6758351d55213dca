#include "edgetwin/sim/metrics/box_resources.hpp"

#include <algorithm>
#include <cmath>

#include "edgetwin/firmware/orchestration/qos.hpp"
#include "edgetwin/model/site_placement.hpp"

namespace edgetwin::sim {
namespace {

const std::vector<std::string> kColumns{"cpu_request",    "cpu_limit",    "cpu_use",
                                        "memory_request", "memory_limit", "memory_use",
                                        "gpu_request",    "gpu_limit",    "gpu_use"};

// Three decimals: 0.1% of a 40-CPU box is 0.04 CPU, finer than any request.
double fraction(double amount, double capacity) {
  if (capacity <= 0) return 0;
  return std::round(amount / capacity * 1000) / 1000;
}

}  // namespace

BoxResources::BoxResources(const model::Fleet& fleet) : fleet_(fleet) {
  for (const auto& site : fleet.sites)
    for (const auto& node : model::site_nodes(fleet, site)) {
      capacity_[node.name] = node.capacity;
      box_order_.push_back(node.name);
    }
}

BoxResources::Load BoxResources::load_of(const fw::Resources& capacity,
                                         const std::vector<fw::ContainerStatus>& containers) const {
  fw::Resources request, limit, use;
  std::vector<fw::CpuDemand> demands;
  for (const auto& c : containers) {
    if (c.state == fw::ContainerState::stopped) continue;
    const fw::ContainerSpec& s = c.spec;
    request = {request.cpu + s.cpu_request, request.memory_mib + s.memory_request_mib,
               request.gpu + s.gpu};
    limit = {limit.cpu + s.cpu_limit, limit.memory_mib + s.memory_limit_mib, limit.gpu + s.gpu};
    if (c.state != fw::ContainerState::running) continue;  // a failed container uses nothing
    const auto app = fleet_.apps.find(s.app);
    const model::AppUse want = app != fleet_.apps.end()
                                   ? app->second.use
                                   : model::AppUse{s.cpu_request, s.cpu_limit, s.memory_request_mib};
    demands.push_back({s.cpu_request, s.cpu_limit, want.cpu});
    const double memory = s.memory_limit_mib > 0 ? std::min(want.memory_mib, s.memory_limit_mib)
                                                 : want.memory_mib;
    use = {use.cpu, use.memory_mib + memory, use.gpu + s.gpu};
  }
  for (const double grant : fw::share_cpu(capacity.cpu, demands)) use.cpu += grant;
  const double gpus = capacity.gpu;
  return {fraction(request.cpu, capacity.cpu),       fraction(limit.cpu, capacity.cpu),
          fraction(use.cpu, capacity.cpu),           fraction(request.memory_mib, capacity.memory_mib),
          fraction(limit.memory_mib, capacity.memory_mib), fraction(use.memory_mib, capacity.memory_mib),
          fraction(request.gpu, gpus),                fraction(limit.gpu, gpus),
          fraction(use.gpu, gpus)};
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
                          const std::vector<fw::ContainerStatus>& containers) {
  const auto capacity = capacity_.find(box);
  if (capacity == capacity_.end()) return;
  const int index = index_of(load_of(capacity->second, containers));
  if (index < 0) return;
  auto& series = series_[box];
  if (series.empty() || series.back().second != index) series.emplace_back(t, index);
}

nlohmann::ordered_json BoxResources::to_json() const {
  nlohmann::ordered_json boxes = nlohmann::ordered_json::object();
  for (const auto& box : box_order_) {
    const auto it = series_.find(box);
    if (it == series_.end()) continue;
    auto& pairs = boxes[box] = nlohmann::ordered_json::array();
    for (const auto& [t, index] : it->second) {
      pairs.push_back(t);
      pairs.push_back(index);
    }
  }
  nlohmann::ordered_json out{{"interval_s", kIntervalS}, {"columns", kColumns}, {"loads", loads_},
                             {"boxes", boxes}};
  if (truncated_) out["truncated"] = true;
  return out;
}

}  // namespace edgetwin::sim
