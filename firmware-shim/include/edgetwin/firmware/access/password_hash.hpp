#pragma once
// Password storage: argon2id (libsodium crypto_pwhash) in the PHC string form libsodium itself
// writes and verifies ("$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>"). The salt comes from the
// Platform's Rng (the firmware draws no randomness of its own), so a seeded run stores the same
// hashes every time. Passwords are never logged and never put in events; only hashes are kept.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

// The work factor of one hash. The cost is a parameter because the same firmware runs on one
// box and, in the twin, on 800 boxes in one process: at libsodium's interactive setting
// (64 MiB, 2 passes; ~0.1 s of CPU each) 800 boxes hashing and verifying during first boot
// spend minutes of wall time and 64 MiB per hash on what the twin does not study. edgeboxd and
// the cloud use `interactive()`; unit tests and the simulation may use `simulation()`, the
// smallest argon2id cost libsodium accepts, which exercises the same code path and format.
struct PwhashCost {
  std::uint64_t opslimit = 0;
  std::size_t memlimit_bytes = 0;

  static PwhashCost interactive();  // crypto_pwhash_OPSLIMIT/MEMLIMIT_INTERACTIVE
  static PwhashCost simulation();   // crypto_pwhash_OPSLIMIT/MEMLIMIT_MIN: not for real boxes
};

class PasswordHasher {
 public:
  static constexpr std::size_t kSaltBytes = 16;          // crypto_pwhash_SALTBYTES
  static constexpr std::size_t kHashBytes = 32;          // what libsodium's string form carries
  static constexpr std::size_t kPasswordBytesMax = 256;  // longer input is refused, not hashed

  explicit PasswordHasher(PwhashCost cost = PwhashCost::interactive());

  // The PHC string of `password` with a fresh salt from `rng`; nullopt if the password is
  // longer than kPasswordBytesMax or libsodium runs out of memory. Never an empty string to
  // store: that verifies nothing, and an account stored with it is locked for good.
  std::optional<std::string> hash(std::string_view password, Rng& rng) const;
  static bool too_long(std::string_view password) { return password.size() > kPasswordBytesMax; }
  // Whether `password` matches `stored` (any cost; libsodium compares in constant time).
  static bool verify(std::string_view stored, std::string_view password);

 private:
  PwhashCost cost_;
};

// libsodium must be initialised once before any call; idempotent and thread-safe. It picks the
// CPU's implementations; it also seeds libsodium's own random generator, which the firmware
// never uses.
void ensure_sodium_initialised();

}  // namespace edgetwin::fw
