// libFuzzer target: the text of an edgeboxd configuration file (`edgeboxd --check-config`).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = edgetwin::edgeboxd::parse_daemon_config_text(text);
  if (!parsed && parsed.error().empty()) __builtin_trap();
  return 0;
}
