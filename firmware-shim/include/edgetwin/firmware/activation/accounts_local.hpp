#pragma once
// An account that lives on the box: the console's `owner` (default password "changepassword",
// to be changed in the first boot's setup) and the edge console's super account `iotedgeadmin`
// (its password is its name until the forced change at first login). Kept on the box's disk
// as an argon2id hash (password_hash.hpp) and a must-change flag; never the password.
//
// A record that is there but unreadable (torn, truncated, a hash that is not argon2id) makes
// the account `damaged`: nothing logs in, and it is never quietly replaced by the default
// password, which anyone can read in the manual. The way back is the cloud's "reset password"
// (reset_to_default), an act of someone who may.
#include <cstdint>
#include <string>
#include <string_view>

#include "edgetwin/firmware/access/password_hash.hpp"
#include "edgetwin/firmware/activation/setup_dialogue.hpp"
#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

inline constexpr std::string_view kOwnerUser = "owner";
inline constexpr std::string_view kOwnerDefaultPassword = "changepassword";
inline constexpr std::string_view kSuperAccount = "iotedgeadmin";

enum class LoginResult { ok, must_change_password, wrong, damaged };
enum class PasswordChangeError { wrong_password, too_short, too_long, same_as_old, not_stored };
// What the console says, e.g. "BAD PASSWORD: The password is longer than 256 bytes".
std::string_view to_string(PasswordChangeError e);

class LocalAccount final : public OwnerPassword {
 public:
  static constexpr std::size_t kPasswordCharsMin = 8;

  // Reads the account from the disk, or creates it with its default password when there is
  // no record (first boot); an unreadable record leaves it damaged (event account.damaged).
  LocalAccount(Platform& platform, std::string user, std::string default_password,
               bool must_change_default, PasswordHasher hasher);

  bool verify(std::string_view password) const override;
  bool change(std::string_view password) override;

  LoginResult login(std::string_view user, std::string_view password) const;
  // The console's "change password": the old one first. Returns the error, if any.
  std::optional<PasswordChangeError> change_password(std::string_view old_password,
                                                     std::string_view new_password);
  // Back to the default password, to be changed at the next login (the cloud's "reset
  // password" of the edge user center). Also what repairs a damaged account.
  bool reset_to_default();

  const std::string& user() const { return user_; }
  bool must_change() const override { return must_change_ || damaged_; }
  bool damaged() const { return damaged_; }
  const std::string& stored_hash() const { return hash_; }

 private:
  enum class Loaded { absent, ok, damaged };
  bool store();
  Loaded load();
  bool set(std::string_view password, bool must_change);

  Platform& platform_;
  std::string user_;
  std::string default_password_;
  bool must_change_default_;
  PasswordHasher hasher_;
  std::string hash_;
  bool must_change_ = false;
  bool damaged_ = false;
};

// The edge console's super account, as the cloud installs it.
LocalAccount edge_console_super_account(Platform& platform, PasswordHasher hasher);

}  // namespace edgetwin::fw
