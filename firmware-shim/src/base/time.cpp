#include "edgetwin/firmware/base/time.hpp"

#include <cmath>

namespace edgetwin::fw {

Time Time::from_seconds(double s) { return Time(std::llround(s * 1e9)); }

}  // namespace edgetwin::fw
