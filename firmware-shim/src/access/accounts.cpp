#include "edgetwin/firmware/access/accounts.hpp"

namespace edgetwin::fw {

std::string_view to_string(AccountError e) {
  switch (e) {
    case AccountError::duplicate_account:
      return "account exists";
    case AccountError::unknown_account:
      return "no such account";
    case AccountError::duplicate_cluster:
      return "cluster exists";
    case AccountError::unknown_cluster:
      return "no such cluster";
    case AccountError::duplicate_username:
      return "username taken";
    case AccountError::phone_required:
      return "phone number required";
    case AccountError::bad_phone:
      return "not a phone number";
    case AccountError::duplicate_phone:
      return "phone number already used by another user";
    case AccountError::weak_password:
      return "password too short";
    case AccountError::password_too_long:
      return "password longer than 256 bytes";
    case AccountError::password_not_stored:
      return "password could not be stored";
    case AccountError::too_many:
      return "too many entries";
  }
  return "unknown";
}

std::optional<std::string> normalize_phone(std::string_view phone) {
  std::string digits;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c == ' ' || c == '-') continue;
    if (c == '+' && digits.empty() && i == phone.find_first_not_of(' ')) {
      digits.push_back(c);
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits.push_back(c);
  }
  const std::size_t count = digits.size() - (digits.starts_with('+') ? 1 : 0);
  if (count < 6 || count > 15) return std::nullopt;
  return digits;
}

AccountBook::AccountBook(Platform& platform, PasswordHasher hasher)
    : platform_(platform), hasher_(hasher) {}

std::optional<AccountError> AccountBook::add_account(const std::string& name) {
  if (accounts_.size() >= kEntriesMax) return AccountError::too_many;
  if (!accounts_.emplace(name, 0).second) return AccountError::duplicate_account;
  return std::nullopt;
}

std::optional<AccountError> AccountBook::create_cluster(const std::string& owner,
                                                        const std::string& cluster) {
  auto it = accounts_.find(owner);
  if (it == accounts_.end()) return AccountError::unknown_account;
  if (cluster_owner_.size() >= kEntriesMax) return AccountError::too_many;
  if (!cluster_owner_.emplace(cluster, owner).second) return AccountError::duplicate_cluster;
  ++it->second;
  return std::nullopt;
}

std::optional<AccountError> AccountBook::add_cluster_user(const std::string& cluster,
                                                          const std::string& username,
                                                          std::string_view password,
                                                          std::string_view phone) {
  if (!cluster_owner_.contains(cluster)) return AccountError::unknown_cluster;
  if (users_.size() >= kEntriesMax) return AccountError::too_many;
  if (users_.contains(username)) return AccountError::duplicate_username;
  if (phone.find_first_not_of(' ') == std::string_view::npos) return AccountError::phone_required;
  const auto normalized = normalize_phone(phone);
  if (!normalized) return AccountError::bad_phone;
  if (by_phone_.contains(*normalized)) return AccountError::duplicate_phone;
  if (password.size() < kPasswordCharsMin) return AccountError::weak_password;
  if (PasswordHasher::too_long(password)) return AccountError::password_too_long;
  auto hash = hasher_.hash(password, platform_.rng());
  if (!hash) return AccountError::password_not_stored;
  users_[username] = ClusterUser{username, *normalized, std::move(*hash), cluster};
  by_phone_.emplace(*normalized, username);
  // Neither the password nor the phone goes into events.
  platform_.events().emit("account.user_created", {{"cluster", cluster}, {"user", username}});
  return std::nullopt;
}

std::optional<std::string> AccountBook::owner_of(const std::string& cluster) const {
  auto it = cluster_owner_.find(cluster);
  if (it == cluster_owner_.end()) return std::nullopt;
  return it->second;
}

bool AccountBook::verify_user(const std::string& username, std::string_view password) const {
  const ClusterUser* u = user(username);
  return u != nullptr && PasswordHasher::verify(u->password_hash, password);
}

const ClusterUser* AccountBook::user(const std::string& username) const {
  auto it = users_.find(username);
  return it == users_.end() ? nullptr : &it->second;
}

const ClusterUser* AccountBook::user_by_phone(std::string_view phone) const {
  const auto normalized = normalize_phone(phone);
  if (!normalized) return nullptr;
  auto it = by_phone_.find(*normalized);
  return it == by_phone_.end() ? nullptr : user(it->second);
}

}  // namespace edgetwin::fw
