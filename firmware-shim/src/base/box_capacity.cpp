#include "edgetwin/firmware/base/box_capacity.hpp"

namespace edgetwin::fw {

Resources free_capacity(const Resources& capacity, const std::vector<ContainerStatus>& containers) {
  Resources free = capacity;
  for (const auto& c : containers)
    if (c.state != ContainerState::stopped) take(free, c.spec);
  return free;
}

bool fits(const ContainerSpec& spec, const Resources& free) {
  return spec.cpu_request <= free.cpu + kRequestEpsilon &&
         spec.memory_request_mib <= free.memory_mib + kRequestEpsilon && spec.gpu <= free.gpu;
}

void take(Resources& free, const ContainerSpec& spec) {
  free.cpu -= spec.cpu_request;
  free.memory_mib -= spec.memory_request_mib;
  free.gpu -= spec.gpu;
}

void release(Resources& free, const ContainerSpec& spec) {
  free.cpu += spec.cpu_request;
  free.memory_mib += spec.memory_request_mib;
  free.gpu += spec.gpu;
}

}  // namespace edgetwin::fw
