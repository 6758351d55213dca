#pragma once
// Fixed-size byte arrays in the cloud's JSON records (code books, activation sessions), as
// lower-case hex through libsodium. A field that is not exactly such a string reads as absent.
#include <sodium.h>

#include <array>
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace edgetwin::fw {

template <std::size_t N>
std::string hex_of(const std::array<unsigned char, N>& bytes) {
  std::string out(2 * N + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

template <std::size_t N>
bool from_hex(const nlohmann::json& j, std::array<unsigned char, N>& out) {
  if (!j.is_string() || j.get_ref<const std::string&>().size() != 2 * N) return false;
  const std::string& text = j.get_ref<const std::string&>();
  std::size_t written = 0;
  return sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written,
                        nullptr) == 0 &&
         written == N;
}

}  // namespace edgetwin::fw
