#pragma once
// How a box gets its cloud-link key at activation (docs/security.md, "Key lifecycle"):
//
// 1. When the operator submits a code, the box draws an enrolment seed (Platform::secure_bytes)
//    and makes an X25519 key pair from it (crypto_box_seed_keypair); the seed is kept on its
//    disk while the activation is pending, so a reboot re-sends the same public key.
// 2. The activation request carries the public key, under the box's enrolment key (a factory
//    key that authenticates activation messages only): nobody without that key can substitute
//    their own public key.
// 3. The cloud, accepting the code, draws a fresh 32-byte cloud-link key (secure_bytes), records
//    it for the box (issued_cloud_keys.hpp, and its disk) and returns it sealed to the box's
//    public key in the `accepted` reply (and `running`), so only that box can read it.
// 4. The box opens it and writes it to its disk before it acts on the acceptance; every later
//    datagram between it and the cloud is authenticated with it.
//
// The sealing is libsodium's crypto_box_seal construction (an ephemeral key pair, the nonce
// BLAKE2b(ephemeral public key || recipient public key), crypto_box) with the ephemeral key
// pair drawn from secure_bytes instead of inside libsodium, so the twin's seeded stream fixes
// it and a seed still fixes a run byte for byte; crypto_box_seal_open opens it unchanged.
#include <sodium.h>

#include <array>
#include <optional>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/wire/wire_keys.hpp"

namespace edgetwin::fw {

inline constexpr std::size_t kEnrolmentPublicKeyBytes = crypto_box_PUBLICKEYBYTES;
inline constexpr std::size_t kSealedCloudKeyBytes = crypto_box_SEALBYTES + kWireKeyBytes;
using EnrolmentSeed = std::array<unsigned char, crypto_box_SEEDBYTES>;
using EnrolmentPublicKey = std::array<unsigned char, kEnrolmentPublicKeyBytes>;
using SealedCloudKey = std::array<unsigned char, kSealedCloudKeyBytes>;

struct EnrolmentKeyPair {
  EnrolmentPublicKey public_key{};
  std::array<unsigned char, crypto_box_SECRETKEYBYTES> secret_key{};
};

EnrolmentSeed new_enrolment_seed(Platform& platform);
EnrolmentKeyPair enrolment_key_pair(const EnrolmentSeed& seed);
// A fresh cloud-link key (the cloud's side).
WireKey new_cloud_link_key(Platform& platform);
// `key` sealed to `to`; the ephemeral key pair comes from platform.secure_bytes. None for a
// public key no secret can be shared with (a point of small order: a forged request's).
std::optional<SealedCloudKey> seal_cloud_key(Platform& platform, const WireKey& key, const EnrolmentPublicKey& to);
// Whether a key can be sealed to `key` (it is not a point of small order). No randomness used.
bool enrolment_key_usable(const EnrolmentPublicKey& key);
// The key inside `sealed`, when it was sealed to `pair`'s public key and not altered.
std::optional<WireKey> open_cloud_key(const SealedCloudKey& sealed, const EnrolmentKeyPair& pair);

// The box's record of its issued key ("activation/cloud_key", synced before it is used).
bool store_issued_cloud_key(Disk& disk, const WireKey& key);
std::optional<WireKey> load_issued_cloud_key(const Disk& disk);

}  // namespace edgetwin::fw
