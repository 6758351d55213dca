#pragma once
// The keys that authenticate firmware datagrams (envelope_seal.hpp), and which one a node uses
// with which other node:
// - the site key, shared by a site's boxes, its NAS witness and its data clients: everything
//   on the site LAN;
// - a box's own cloud key, for everything between that box and the cloud. The cloud holds one
//   root key and derives each box's key from the box's name (derive_cloud_key), so it stores
//   one secret for the fleet, and a stolen box gives away its own cloud key, never another's.
// Keys come in through configuration: the twin derives them from the fleet, edgeboxd reads
// them from files only its user can read. No key for a node: nothing is sent to it and
// nothing from it is accepted.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "edgetwin/firmware/base/address.hpp"

namespace edgetwin::fw {

inline constexpr std::size_t kWireKeyBytes = 32;  // crypto_auth_hmacsha512256_KEYBYTES
using WireKey = std::array<unsigned char, kWireKeyBytes>;

// How a tag is computed. `full` everywhere a forger may be (edgeboxd has no other). `twin`:
// the twin's cheaper stand-in, SipHash-2-4 keyed with the first half of the key, its 8 bytes at
// the head of the tag and zeros after: no attacker lives in a simulation, and this keeps what
// the firmware does with a tag (the same layout, every forgery of a test dropped for the same
// reason: tests/firmware/wire/envelope_forgery_test.cpp runs in both) at a tenth of the cost.
enum class MacStrength : std::uint8_t { full, twin };

struct WireKeys {
  std::optional<WireKey> site;        // a site member's
  std::optional<WireKey> cloud;       // a box's own key towards the cloud
  std::optional<WireKey> cloud_root;  // the cloud's: every box's cloud key derives from it
  Address cloud_address = kCloudAddress;
  MacStrength strength = MacStrength::full;

  // The key of the channel between this node and `peer`: the cloud's for the cloud (a box) or
  // for any box (the cloud), else the site's.
  std::optional<WireKey> key_for(const Address& peer) const;
};

// The cloud key of box `box`: BLAKE2b keyed with the cloud's root key over a fixed label and
// the box's name, so knowing one box's key says nothing about another's.
WireKey derive_cloud_key(const WireKey& root, std::string_view box);

}  // namespace edgetwin::fw
