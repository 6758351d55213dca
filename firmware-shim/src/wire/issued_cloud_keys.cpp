#include "edgetwin/firmware/wire/issued_cloud_keys.hpp"

#include <sodium.h>

#include <cstdlib>

namespace edgetwin::fw {

void IssuedCloudKeys::install(const std::string& box, const WireKey& key) {
  forgotten_.erase(box);
  preissued_.erase(box);
  issued_.insert_or_assign(box, Entry{key, WireMac(key, strength_)});
}

void IssuedCloudKeys::forget(const std::string& box) {
  issued_.erase(box);
  preissued_.erase(box);
  if (preissued_root_) forgotten_.insert(box);
}

std::optional<WireKey> IssuedCloudKeys::key(const std::string& box) const {
  if (auto it = issued_.find(box); it != issued_.end()) return it->second.key;
  if (!preissued_root_ || forgotten_.contains(box)) return std::nullopt;
  return derive_preissued_cloud_key(*preissued_root_, box);
}

const WireMac* IssuedCloudKeys::mac(const std::string& box) {
  if (auto it = issued_.find(box); it != issued_.end()) return &it->second.mac;
  if (!preissued_root_ || forgotten_.contains(box)) return nullptr;
  if (auto it = preissued_.find(box); it != preissued_.end()) return &it->second;
  const WireMac mac(derive_preissued_cloud_key(*preissued_root_, box), strength_);
  if (preissued_.size() < kPreissuedCachedMax) return &preissued_.emplace(box, mac).first->second;
  return &uncached_.emplace(mac);
}

WireKey derive_preissued_cloud_key(const WireKey& root, std::string_view box) {
  static const bool ready = sodium_init() >= 0;  // once, before any other libsodium call
  if (!ready) std::abort();
  const std::string label = "edgetwin/cloud-link-preissued/v1/" + std::string(box);
  WireKey key{};
  crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(label.data()),
                     label.size(), root.data(), root.size());
  return key;
}

}  // namespace edgetwin::fw
