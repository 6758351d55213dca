#include "edgetwin/testing/test_keys.hpp"

#include <memory>

#include "edgetwin/firmware/wire/issued_cloud_keys.hpp"

namespace edgetwin::testing {
namespace {

fw::WireKey filled(unsigned char byte) {
  fw::WireKey key{};
  key.fill(byte);
  return key;
}

fw::MacStrength g_strength = fw::MacStrength::full;

}  // namespace

void set_test_mac_strength(fw::MacStrength strength) { g_strength = strength; }

fw::WireKey test_site_key() { return filled(0x51); }
fw::WireKey test_cloud_root() { return filled(0xc1); }

fw::WireKeys test_factory_box_keys(const std::string& box) {
  fw::WireKeys keys;
  keys.site = test_site_key();
  keys.enrolment = fw::derive_cloud_key(test_cloud_root(), box);
  keys.strength = g_strength;
  return keys;
}

fw::WireKeys test_box_keys(const std::string& box) {
  fw::WireKeys keys = test_factory_box_keys(box);
  keys.cloud = fw::derive_preissued_cloud_key(test_cloud_root(), box);
  return keys;
}

fw::WireKeys test_factory_cloud_keys() {
  fw::WireKeys keys;
  keys.cloud_root = test_cloud_root();
  keys.strength = g_strength;
  return keys;
}

fw::WireKeys test_cloud_keys() {
  fw::WireKeys keys = test_factory_cloud_keys();
  keys.issued = std::make_shared<fw::IssuedCloudKeys>(g_strength, test_cloud_root());
  return keys;
}

fw::WireKeys test_site_member_keys() {
  fw::WireKeys keys;
  keys.site = test_site_key();
  keys.strength = g_strength;
  return keys;
}

}  // namespace edgetwin::testing
