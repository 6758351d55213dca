#pragma once
// What a box has left for another container: its capacity minus the requests of every
// container that is not stopped. Shared by the box's two starters of containers that the cloud's
// scheduler does not see decide (ServiceFailover's adoptions, the Reconciler's admission).
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/resources.hpp"

namespace edgetwin::fw {

// Requests are decimal fractions (0.1 CPU): sums must not refuse a container over rounding.
inline constexpr double kRequestEpsilon = 1e-9;

Resources free_capacity(const Resources& capacity, const std::vector<ContainerStatus>& containers);
bool fits(const ContainerSpec& spec, const Resources& free);
void take(Resources& free, const ContainerSpec& spec);     // the requests of `spec` leave `free`
void release(Resources& free, const ContainerSpec& spec);  // ... and come back

}  // namespace edgetwin::fw
