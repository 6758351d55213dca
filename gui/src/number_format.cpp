#include "edgetwin/gui/number_format.hpp"

#include <QLocale>
#include <cmath>

namespace edgetwin::gui {
namespace {

// English grouping whatever the machine's locale, so screenshots and tests read the same.
const QLocale& locale() {
  static const QLocale english(QLocale::English, QLocale::UnitedStates);
  return english;
}

}  // namespace

QString format_number(double value, int decimals) {
  if (std::isinf(value)) return value > 0 ? QStringLiteral("∞") : QStringLiteral("-∞");
  if (std::isnan(value)) return QStringLiteral("—");
  QString s = locale().toString(value, 'f', decimals);
  if (decimals > 0 && s.contains('.')) {
    while (s.endsWith('0')) s.chop(1);
    if (s.endsWith('.')) s.chop(1);
  }
  if (s == "-0") s = "0";
  return s;
}

QString format_with_unit(double value, const QString& unit, int decimals) {
  return format_number(value, decimals) + " " + unit;
}

QString format_bytes(double bytes) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  double v = bytes;
  while (std::abs(v) >= 1024 && u < 5) {
    v /= 1024;
    ++u;
  }
  const int decimals = u == 0 ? 0 : (std::abs(v) < 10 ? 2 : (std::abs(v) < 100 ? 1 : 0));
  return format_with_unit(v, units[u], decimals);
}

QString format_percent(double ratio) {
  return format_number(ratio * 100, std::abs(ratio) < 0.1 ? 1 : 0) + " %";
}

double nice_step(double range, int ticks) {
  if (!(range > 0) || ticks < 1) return 1;
  const double raw = range / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * power >= raw) return m * power;
  return 10 * power;
}

}  // namespace edgetwin::gui
