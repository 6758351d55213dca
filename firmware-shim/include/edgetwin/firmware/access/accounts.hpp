#pragma once
// The cloud's accounts. A cloud account owns clusters; a cluster has users (the console's
// "账号管理 > 新建账号": username, password, phone). The phone is required and unique across
// all users: it is the credential for single sign-on between systems, so two users with one
// phone would be one person to every other system. Passwords are kept as argon2id hashes.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "edgetwin/firmware/access/password_hash.hpp"
#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

enum class AccountError {
  duplicate_account,
  unknown_account,
  duplicate_cluster,
  unknown_cluster,
  duplicate_username,
  phone_required,
  bad_phone,
  duplicate_phone,
  weak_password,
  password_too_long,    // over PasswordHasher::kPasswordBytesMax: refused, never stored
  password_not_stored,  // hashing failed (out of memory)
  too_many,
};
std::string_view to_string(AccountError e);

struct ClusterUser {
  std::string username;
  std::string phone;
  std::string password_hash;
  std::string cluster;
};

class AccountBook {
 public:
  static constexpr std::size_t kEntriesMax = 1'000'000;  // accounts, clusters and users each
  static constexpr std::size_t kPasswordCharsMin = 8;

  AccountBook(Platform& platform, PasswordHasher hasher);

  std::optional<AccountError> add_account(const std::string& name);
  std::optional<AccountError> create_cluster(const std::string& owner, const std::string& cluster);
  std::optional<AccountError> add_cluster_user(const std::string& cluster,
                                               const std::string& username,
                                               std::string_view password, std::string_view phone);

  bool has_account(const std::string& name) const { return accounts_.contains(name); }
  std::optional<std::string> owner_of(const std::string& cluster) const;
  bool verify_user(const std::string& username, std::string_view password) const;
  const ClusterUser* user(const std::string& username) const;
  const ClusterUser* user_by_phone(std::string_view phone) const;

 private:
  Platform& platform_;
  PasswordHasher hasher_;
  std::map<std::string, int> accounts_;  // name -> clusters owned
  std::map<std::string, std::string> cluster_owner_;
  std::map<std::string, ClusterUser> users_;                  // by username
  std::map<std::string, std::string, std::less<>> by_phone_;  // phone -> username
};

// A mobile number: an optional '+' and 6 to 15 digits (E.164), spaces and '-' ignored.
std::optional<std::string> normalize_phone(std::string_view phone);

}  // namespace edgetwin::fw
