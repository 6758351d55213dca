#include "edgetwin/firmware/activation/accounts_local.hpp"

#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {

LocalAccount::LocalAccount(Platform& platform, std::string user, std::string default_password,
                           bool must_change_default, PasswordHasher hasher)
    : platform_(platform),
      user_(std::move(user)),
      default_password_(std::move(default_password)),
      must_change_default_(must_change_default),
      hasher_(hasher) {
  if (load()) return;
  hash_ = hasher_.hash(default_password_, platform_.rng());
  must_change_ = must_change_default_;
  store();
}

bool LocalAccount::load() {
  auto stored = platform_.disk().read("accounts/" + user_);
  if (!stored) return false;
  ByteReader r(*stored);
  const std::uint8_t must_change = r.u8();
  const std::uint16_t length = r.u16();
  const auto text = r.raw(length);
  if (!r.ok() || !r.at_end() || must_change > 1) return false;  // torn: back to the default
  hash_.assign(reinterpret_cast<const char*>(text.data()), text.size());
  must_change_ = must_change == 1;
  return true;
}

void LocalAccount::store() {
  ByteWriter w;
  w.u8(must_change_ ? 1 : 0);
  w.u16(static_cast<std::uint16_t>(hash_.size()));
  w.raw(std::as_bytes(std::span(hash_.data(), hash_.size())));
  platform_.disk().write("accounts/" + user_, w.bytes(), Durability::synced);
}

bool LocalAccount::verify(std::string_view password) const {
  return PasswordHasher::verify(hash_, password);
}

void LocalAccount::change(std::string_view password) {
  hash_ = hasher_.hash(password, platform_.rng());
  must_change_ = false;
  store();
  platform_.events().emit("account.password_changed", {{"user", user_}});
}

LoginResult LocalAccount::login(std::string_view user, std::string_view password) const {
  if (user != user_ || !verify(password)) return LoginResult::wrong;
  return must_change_ ? LoginResult::must_change_password : LoginResult::ok;
}

std::optional<PasswordChangeError> LocalAccount::change_password(std::string_view old_password,
                                                                 std::string_view new_password) {
  if (!verify(old_password)) return PasswordChangeError::wrong_password;
  if (new_password.size() < kPasswordCharsMin) return PasswordChangeError::too_short;
  if (new_password == old_password) return PasswordChangeError::same_as_old;
  change(new_password);
  return std::nullopt;
}

void LocalAccount::reset_to_default() {
  hash_ = hasher_.hash(default_password_, platform_.rng());
  must_change_ = must_change_default_;
  store();
  platform_.events().emit("account.reset", {{"user", user_}});
}

LocalAccount edge_console_super_account(Platform& platform, PasswordHasher hasher) {
  // The manual: "username and password are the same; first login forces a change".
  return LocalAccount(platform, std::string(kSuperAccount), std::string(kSuperAccount), true,
                      hasher);
}

}  // namespace edgetwin::fw
