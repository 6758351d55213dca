// libFuzzer target: a scenario file with its fleet inline (a fleet named by path is read from
// the fuzzer's working directory, where no fleet file is expected).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "edgetwin/model/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = edgetwin::model::parse_scenario(text, "fuzz.scenario.json");
  if (!parsed.value && parsed.errors.empty()) __builtin_trap();  // a failure must say why
  return 0;
}
