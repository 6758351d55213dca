// libFuzzer target: a fleet file (`edgetwin validate x.fleet.json`, the studio's loader).
// Whatever the bytes, a value or positioned errors; never a crash, an abort or a hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "edgetwin/model/fleet_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = edgetwin::model::parse_fleet(text, "fuzz.fleet.json");
  if (!parsed.value && parsed.errors.empty()) __builtin_trap();  // a failure must say why
  return 0;
}
