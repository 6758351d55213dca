#include "edgetwin/firmware/wire/wire_keys.hpp"

#include <sodium.h>

#include <cstdlib>
#include <string>

#include "edgetwin/firmware/wire/issued_cloud_keys.hpp"

namespace edgetwin::fw {

bool is_enrolment_message(MessageType type) {
  return type == MessageType::activation_request || type == MessageType::activation_reply ||
         type == MessageType::activation_done;
}

std::optional<WireKey> WireKeys::key_for(const Address& peer, MessageType type) const {
  if (is_cloud()) {
    if (is_enrolment_message(type))
      return cloud_root ? std::optional(derive_cloud_key(*cloud_root, peer.node)) : std::nullopt;
    return issued ? issued->key(peer.node) : std::nullopt;
  }
  if (peer == cloud_address) return is_enrolment_message(type) ? enrolment : cloud;
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
