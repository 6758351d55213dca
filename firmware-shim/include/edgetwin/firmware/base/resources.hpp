#pragma once
// An amount of a box's schedulable resources: CPUs (fractional), memory, whole GPUs.
namespace edgetwin::fw {

struct Resources {
  double cpu = 0;
  double memory_mib = 0;
  int gpu = 0;
};

}  // namespace edgetwin::fw
