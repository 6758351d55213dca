#pragma once
// The keys that authenticate firmware datagrams (envelope_seal.hpp), and which one a node uses
// with which other node:
// - the site key, shared by a site's boxes, its NAS witness and its data clients: everything
//   on the site LAN;
// - a box's own cloud-link key, for everything between that box and the cloud: fresh random
//   bytes the cloud issues at the box's activation, sealed to the box's enrolment public key
//   (activation/cloud_key_enrolment.hpp); both keep it (the box on its disk, the cloud in its
//   table, issued_cloud_keys.hpp), so a stolen box gives away its own key, never another's;
// - a box's enrolment key, for the activation messages alone (types 40..42): installed at the
//   factory, derived by the cloud from its root key and the box's name (derive_cloud_key). It
//   authenticates the box's enrolment public key; it is refused for anything else, so once a
//   box holds its issued key, the enrolment key speaks for nothing but activation.
// Keys come in through configuration: the twin derives them from the fleet, edgeboxd reads
// them from files only its user can read. No key for a node: nothing is sent to it and
// nothing from it is accepted.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

inline constexpr std::size_t kWireKeyBytes = 32;  // crypto_auth_hmacsha512256_KEYBYTES
using WireKey = std::array<unsigned char, kWireKeyBytes>;

// How a tag is computed. `full` everywhere a forger may be (edgeboxd has no other). `twin`:
// the twin's cheaper stand-in, SipHash-2-4 keyed with the first half of the key, its 8 bytes at
// the head of the tag and zeros after: no attacker lives in a simulation, and this keeps what
// the firmware does with a tag (the same layout, every forgery of a test dropped for the same
// reason: tests/firmware/wire/envelope_forgery_test.cpp runs in both) at a tenth of the cost.
enum class MacStrength : std::uint8_t { full, twin };

class IssuedCloudKeys;  // issued_cloud_keys.hpp

struct WireKeys {
  std::optional<WireKey> site;       // a site member's
  std::optional<WireKey> cloud;      // a box's cloud-link key, issued at its activation
  std::optional<WireKey> enrolment;  // a box's factory key, for activation messages only
  std::optional<WireKey> cloud_root;  // the cloud's: every box's enrolment key derives from it
  // The cloud's: the cloud-link key of every box it issued one to. Shared (copies of these
  // keys see the same table), because keys are issued while the cloud runs.
  std::shared_ptr<IssuedCloudKeys> issued;
  Address cloud_address = kCloudAddress;
  MacStrength strength = MacStrength::full;

  bool is_cloud() const { return cloud_root.has_value() || issued != nullptr; }
  // The key of the channel between this node and `peer` for a message of `type`: between a
  // box and the cloud the enrolment key for activation messages, the issued key for the rest;
  // the site's between site members.
  std::optional<WireKey> key_for(const Address& peer, MessageType type) const;
};

// Whether a message of `type` travels under the enrolment key (activation, types 40..42).
bool is_enrolment_message(MessageType type);

// The enrolment key of box `box`: BLAKE2b keyed with the cloud's root key over a fixed label
// and the box's name, so knowing one box's key says nothing about another's.
WireKey derive_cloud_key(const WireKey& root, std::string_view box);

}  // namespace edgetwin::fw
