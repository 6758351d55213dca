#include "edgetwin/firmware/activation/cloud_key_enrolment.hpp"

#include <algorithm>
#include <cstdlib>
#include <span>

namespace edgetwin::fw {
namespace {

constexpr std::string_view kIssuedKeyRecord = "activation/cloud_key";
constexpr std::byte kIssuedKeyVersion{1};

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) std::abort();
}

template <std::size_t N>
void fill_secure(Platform& platform, std::array<unsigned char, N>& out) {
  platform.secure_bytes(std::as_writable_bytes(std::span(out)));
}

}  // namespace

EnrolmentSeed new_enrolment_seed(Platform& platform) {
  EnrolmentSeed seed{};
  fill_secure(platform, seed);
  return seed;
}

EnrolmentKeyPair enrolment_key_pair(const EnrolmentSeed& seed) {
  ensure_sodium();
  EnrolmentKeyPair pair;
  crypto_box_seed_keypair(pair.public_key.data(), pair.secret_key.data(), seed.data());
  return pair;
}

WireKey new_cloud_link_key(Platform& platform) {
  WireKey key{};
  fill_secure(platform, key);
  return key;
}

std::optional<SealedCloudKey> seal_cloud_key(Platform& platform, const WireKey& key, const EnrolmentPublicKey& to) {
  ensure_sodium();
  const EnrolmentKeyPair ephemeral = enrolment_key_pair(new_enrolment_seed(platform));
  // crypto_box_seal's nonce: BLAKE2b-192 of the ephemeral public key, then the recipient's.
  std::array<unsigned char, crypto_box_NONCEBYTES> nonce{};
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, nonce.size());
  crypto_generichash_update(&st, ephemeral.public_key.data(), ephemeral.public_key.size());
  crypto_generichash_update(&st, to.data(), to.size());
  crypto_generichash_final(&st, nonce.data(), nonce.size());
  SealedCloudKey sealed{};
  std::copy(ephemeral.public_key.begin(), ephemeral.public_key.end(), sealed.begin());
  if (crypto_box_easy(sealed.data() + crypto_box_PUBLICKEYBYTES, key.data(), key.size(),
                      nonce.data(), to.data(), ephemeral.secret_key.data()) != 0)
    return std::nullopt;  // a public key of small order: no shared secret
  return sealed;
}

// X25519 with any clamped scalar gives all zeros exactly for the points of small order, which
// is what makes crypto_box refuse a key.
bool enrolment_key_usable(const EnrolmentPublicKey& key) {
  ensure_sodium();
  std::array<unsigned char, crypto_scalarmult_SCALARBYTES> scalar{};
  scalar.fill(0x5a);
  std::array<unsigned char, crypto_scalarmult_BYTES> shared{};
  return crypto_scalarmult(shared.data(), scalar.data(), key.data()) == 0;
}

std::optional<WireKey> open_cloud_key(const SealedCloudKey& sealed, const EnrolmentKeyPair& pair) {
  ensure_sodium();
  WireKey key{};
  if (crypto_box_seal_open(key.data(), sealed.data(), sealed.size(), pair.public_key.data(),
                           pair.secret_key.data()) != 0)
    return std::nullopt;
  return key;
}

bool store_issued_cloud_key(Disk& disk, const WireKey& key) {
  Bytes record{kIssuedKeyVersion};
  for (unsigned char b : key) record.push_back(std::byte{b});
  return disk.write(kIssuedKeyRecord, record, Durability::synced);
}

std::optional<WireKey> load_issued_cloud_key(const Disk& disk) {
  auto record = disk.read(kIssuedKeyRecord);
  if (!record || record->size() != 1 + kWireKeyBytes || (*record)[0] != kIssuedKeyVersion)
    return std::nullopt;
  WireKey key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = std::to_integer<unsigned char>((*record)[1 + i]);
  return key;
}

}  // namespace edgetwin::fw
