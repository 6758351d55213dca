#pragma once
// The cloud's table of cloud-link keys, one per box, issued when the box activates
// (activation_service.hpp) and kept in the cloud's state (its disk, reloaded at boot), so every
// datagram between the cloud and a box after activation is authenticated with that box's own
// key. A box without an entry has no channel to the cloud but activation (its enrolment key,
// wire_keys.hpp): its reports, statuses and leases are dropped as `no_key`.
//
// Boxes activated before the cloud's records begin (the twin's fleets that do not start at the
// factory, and unit tests) hold a key issued then; the twin stands it in by a derivation from
// `preissued_root` under its own label (derive_preissued_cloud_key), never the enrolment key's.
// An entry issued at an activation replaces it. A real cloud has no preissued root.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "edgetwin/firmware/wire/channel_macs.hpp"
#include "edgetwin/firmware/wire/wire_keys.hpp"

namespace edgetwin::fw {

class IssuedCloudKeys {
 public:
  // Bound on cached preissued states, as for ChannelMacs (beyond it: derived per datagram).
  static constexpr std::size_t kPreissuedCachedMax = 20'000;

  explicit IssuedCloudKeys(MacStrength strength, std::optional<WireKey> preissued_root = {})
      : strength_(strength), preissued_root_(preissued_root) {}

  // `box`'s key from now on (a re-activation replaces the old one).
  void install(const std::string& box, const WireKey& key);
  // The node was deleted: nothing it sends is heard again (no preissued fallback either).
  void forget(const std::string& box);
  // The key of `box`: issued, or preissued; none.
  std::optional<WireKey> key(const std::string& box) const;
  // Its MAC, ready to use; nullptr: no key.
  const WireMac* mac(const std::string& box);
  std::size_t issued() const { return issued_.size(); }

 private:
  struct Entry {
    WireKey key;
    WireMac mac;
  };
  MacStrength strength_;
  std::optional<WireKey> preissued_root_;
  // Lookups only, never iterated: no order reaches an output.
  std::unordered_map<std::string, Entry> issued_;
  std::unordered_map<std::string, WireMac> preissued_;
  std::unordered_set<std::string> forgotten_;
  std::optional<WireMac> uncached_;
};

// The stand-in for a key issued before the run (above): BLAKE2b keyed with `root` over a label
// of its own and the box's name.
WireKey derive_preissued_cloud_key(const WireKey& root, std::string_view box);

}  // namespace edgetwin::fw
