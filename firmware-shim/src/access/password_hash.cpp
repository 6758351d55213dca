#include "edgetwin/firmware/access/password_hash.hpp"

#include <sodium.h>

#include <array>
#include <cstdlib>

namespace edgetwin::fw {

static_assert(PasswordHasher::kSaltBytes == crypto_pwhash_SALTBYTES);

void ensure_sodium_initialised() {
  // Failing to initialise means no crypto at all: not an expected failure to carry.
  if (sodium_init() < 0) std::abort();
}

PwhashCost PwhashCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PwhashCost PwhashCost::simulation() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

PasswordHasher::PasswordHasher(PwhashCost cost) : cost_(cost) { ensure_sodium_initialised(); }

namespace {

std::string base64(std::span<const unsigned char> bin) {
  std::string out(sodium_base64_ENCODED_LEN(bin.size(), sodium_base64_VARIANT_ORIGINAL_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), bin.data(), bin.size(),
                    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

}  // namespace

std::optional<std::string> PasswordHasher::hash(std::string_view password, Rng& rng) const {
  if (too_long(password)) return std::nullopt;
  std::array<unsigned char, kSaltBytes> salt{};
  for (std::size_t i = 0; i < salt.size(); i += 8) {
    const std::uint64_t r = rng.next_u64();
    for (std::size_t b = 0; b < 8; ++b) salt[i + b] = static_cast<unsigned char>(r >> (8 * b));
  }
  std::array<unsigned char, kHashBytes> out{};
  if (crypto_pwhash(out.data(), out.size(), password.data(), password.size(), salt.data(),
                    cost_.opslimit, cost_.memlimit_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return std::nullopt;
  // The exact layout libsodium's crypto_pwhash_str writes, so its verifier reads ours.
  std::string s = "$argon2id$v=19$m=" + std::to_string(cost_.memlimit_bytes / 1024) +
                  ",t=" + std::to_string(cost_.opslimit) + ",p=1$" + base64(salt) + "$" +
                  base64(out);
  sodium_memzero(out.data(), out.size());
  return s;
}

bool PasswordHasher::verify(std::string_view stored, std::string_view password) {
  ensure_sodium_initialised();
  if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES) return false;
  if (password.size() > kPasswordBytesMax) return false;
  std::array<char, crypto_pwhash_STRBYTES> str{};  // the verifier wants a NUL-terminated string
  stored.copy(str.data(), stored.size());
  return crypto_pwhash_str_verify(str.data(), password.data(), password.size()) == 0;
}

}  // namespace edgetwin::fw
