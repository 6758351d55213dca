// libFuzzer target: the desired-state record a box reads back from its disk at boot.
#include <cstddef>
#include <cstdint>
#include <span>

#include "edgetwin/firmware/orchestration/desired_state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace edgetwin::fw;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  const auto state = decode_desired_state(bytes);
  if (state && !decode_desired_state(encode_desired_state(*state))) __builtin_trap();
  return 0;
}
