#pragma once
// Timing of container health checks, with Kubernetes' probe defaults where they exist.
#include "edgetwin/firmware/base/backoff_policy.hpp"
#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::fw {

struct HealthConfig {
  Duration period = Duration::seconds(10);  // between the starts of two probes of a container
  Duration timeout = Duration::seconds(1);  // a probe that hangs is given up after this
  int failure_threshold = 3;  // consecutive failures: liveness → restart, readiness → not ready
  BackoffConfig backoff;
};

}  // namespace edgetwin::fw
