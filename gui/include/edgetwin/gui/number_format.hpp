#pragma once
// Numbers as people read them: thousands separators, a fixed number of decimals, units spelled
// out (bytes as KiB/MiB/GiB), never 3.25059e+08.
#include <QString>

namespace edgetwin::gui {

// 1234567.8 -> "1,234,568" (decimals = 0) or "1,234,567.8" (decimals = 1); trailing zeros of the
// decimals are dropped ("2" not "2.0").
QString format_number(double value, int decimals = 0);
// format_number(value, decimals) + " " + unit.
QString format_with_unit(double value, const QString& unit, int decimals = 0);
// 325059000 -> "310 MiB" (binary units, 3 significant digits at most).
QString format_bytes(double bytes);
// A ratio as a percentage: 0.784 -> "78 %".
QString format_percent(double ratio);

// A round tick interval (1, 2 or 5 times a power of ten) giving about `ticks` intervals over
// [0, range]: 4191 s over 5 ticks -> 1000, not 838.184.
double nice_step(double range, int ticks = 5);

}  // namespace edgetwin::gui
