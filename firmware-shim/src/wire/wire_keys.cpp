#include "edgetwin/firmware/wire/wire_keys.hpp"

#include <sodium.h>

#include <cstdlib>
#include <string>

namespace edgetwin::fw {

std::optional<WireKey> WireKeys::key_for(const Address& peer) const {
  if (cloud_root) return derive_cloud_key(*cloud_root, peer.node);
  if (peer == cloud_address) return cloud;
  return site;
}

WireKey derive_cloud_key(const WireKey& root, std::string_view box) {
  static_assert(kWireKeyBytes == crypto_auth_hmacsha512256_KEYBYTES);
  static const bool ready = sodium_init() >= 0;  // once, before any other libsodium call
  if (!ready) std::abort();
  const std::string label = "edgetwin/cloud-link/v1/" + std::string(box);
  WireKey key{};
  crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(label.data()),
                     label.size(), root.data(), root.size());
  return key;
}

}  // namespace edgetwin::fw
