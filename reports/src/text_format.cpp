#include "text_format.hpp"

#include <cmath>
#include <cstdio>

namespace edgetwin::reports {

std::string format_number(double v, int decimals) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (std::isnan(v)) return "-";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string out = buf;
  while (!out.empty() && out.back() == '0') out.pop_back();
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

std::string format_percent(double share) {
  if (std::isinf(share)) return "inf";
  return format_number(share * 100, 1) + "%";
}

}  // namespace edgetwin::reports
