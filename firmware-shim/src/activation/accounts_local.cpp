#include "edgetwin/firmware/activation/accounts_local.hpp"

#include <optional>
#include <utility>

#include "edgetwin/firmware/base/invariant.hpp"
#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {

std::string_view to_string(PasswordChangeError e) {
  switch (e) {
    case PasswordChangeError::wrong_password:
      return "Authentication token manipulation error";
    case PasswordChangeError::too_short:
      return "BAD PASSWORD: The password is too short";
    case PasswordChangeError::too_long:
      return "BAD PASSWORD: The password is longer than 256 bytes";
    case PasswordChangeError::same_as_old:
      return "BAD PASSWORD: it is the same as the old one";
    case PasswordChangeError::not_stored:
      return "passwd: the new password could not be stored; the old one still holds";
  }
  return "unknown";
}

LocalAccount::LocalAccount(Platform& platform, std::string user, std::string default_password,
                           bool must_change_default, PasswordHasher hasher)
    : platform_(platform),
      user_(std::move(user)),
      default_password_(std::move(default_password)),
      must_change_default_(must_change_default),
      hasher_(hasher) {
  switch (load()) {
    case Loaded::ok:
      return;
    case Loaded::absent: {
      // First boot (or a disk that never held the record): the factory default. Should the
      // write fail, the next boot finds no record and starts from the same default.
      auto hash = hasher_.hash(default_password_, platform_.rng());
      EDGETWIN_ASSERT(hash.has_value(), "a default password is short enough to hash");
      hash_ = std::move(*hash);
      must_change_ = must_change_default_;
      store();
      return;
    }
    case Loaded::damaged:
      damaged_ = true;
      hash_.clear();
      platform_.events().emit("account.damaged", {{"user", user_}});
      return;
  }
}

LocalAccount::Loaded LocalAccount::load() {
  const std::string key = "accounts/" + user_;
  auto stored = platform_.disk().read(key);
  // A record that is there but cannot be read is damaged, not absent: absent means the
  // factory default, which must never be what an I/O error gives an attacker.
  if (!stored) return platform_.disk().present(key) ? Loaded::damaged : Loaded::absent;
  ByteReader r(*stored);
  const std::uint8_t must_change = r.u8();
  const std::uint16_t length = r.u16();
  const auto text = r.raw(length);
  if (!r.ok() || !r.at_end() || must_change > 1) return Loaded::damaged;
  std::string hash(reinterpret_cast<const char*>(text.data()), text.size());
  // What hash() writes and nothing else: an empty or foreign string would verify nothing (or
  // anything a later verifier accepts), and either is a damaged record, not a password.
  if (!hash.starts_with("$argon2id$")) return Loaded::damaged;
  hash_ = std::move(hash);
  must_change_ = must_change == 1;
  return Loaded::ok;
}

bool LocalAccount::store() {
  ByteWriter w;
  w.u8(must_change_ ? 1 : 0);
  w.u16(static_cast<std::uint16_t>(hash_.size()));
  w.raw(std::as_bytes(std::span(hash_.data(), hash_.size())));
  return platform_.disk().write("accounts/" + user_, w.bytes(), Durability::synced);
}

// The new password takes effect only once it is on the disk: a box that believes a password
// the disk does not hold would find another one after its next boot.
bool LocalAccount::set(std::string_view password, bool must_change) {
  auto hash = hasher_.hash(password, platform_.rng());
  if (!hash) return false;
  std::string old_hash = std::exchange(hash_, std::move(*hash));
  const bool old_must_change = std::exchange(must_change_, must_change);
  if (store()) {
    damaged_ = false;
    return true;
  }
  hash_ = std::move(old_hash);
  must_change_ = old_must_change;
  return false;
}

bool LocalAccount::verify(std::string_view password) const {
  return !damaged_ && PasswordHasher::verify(hash_, password);
}

bool LocalAccount::change(std::string_view password) {
  if (damaged_ || !set(password, false)) return false;
  platform_.events().emit("account.password_changed", {{"user", user_}});
  return true;
}

LoginResult LocalAccount::login(std::string_view user, std::string_view password) const {
  if (user == user_ && damaged_) return LoginResult::damaged;
  if (user != user_ || !verify(password)) return LoginResult::wrong;
  return must_change_ ? LoginResult::must_change_password : LoginResult::ok;
}

std::optional<PasswordChangeError> LocalAccount::change_password(std::string_view old_password,
                                                                 std::string_view new_password) {
  if (!verify(old_password)) return PasswordChangeError::wrong_password;
  if (new_password.size() < kPasswordCharsMin) return PasswordChangeError::too_short;
  if (PasswordHasher::too_long(new_password)) return PasswordChangeError::too_long;
  if (new_password == old_password) return PasswordChangeError::same_as_old;
  if (!change(new_password)) return PasswordChangeError::not_stored;
  return std::nullopt;
}

bool LocalAccount::reset_to_default() {
  if (!set(default_password_, must_change_default_)) return false;
  platform_.events().emit("account.reset", {{"user", user_}});
  return true;
}

LocalAccount edge_console_super_account(Platform& platform, PasswordHasher hasher) {
  // The manual: "username and password are the same; first login forces a change".
  return LocalAccount(platform, std::string(kSuperAccount), std::string(kSuperAccount), true,
                      hasher);
}

}  // namespace edgetwin::fw
