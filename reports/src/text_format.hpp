#pragma once
// Formatting shared by the HTML, CSV and text renderers (internal to the reports library).
#include <string>

namespace edgetwin::reports {

// Integers without decimals, others with up to `decimals` decimals (trailing zeros dropped),
// infinity as "inf" (a load on a resource the box does not have).
std::string format_number(double v, int decimals = 3);
// 0.734 -> "73.4%".
std::string format_percent(double share);

}  // namespace edgetwin::reports
