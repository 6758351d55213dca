#pragma once
// The box's edge console (the manual's "集群控制台", on the site's intranet): its super account
// `iotedgeadmin` logs in with its name as the password and must change it at the first login;
// until it has, the session can do nothing but change the password. The cloud's edge user
// center may reset the account to its default (CloudConsole::reset_password, then
// reset_from_cloud here), which forces the change again and ends the session.
//
// Each command answers nullopt when it ran, or why not; each emits one `edge_console` event
// (user, command, outcome, why), never a password.
#include <optional>
#include <string>
#include <string_view>

#include "edgetwin/firmware/access/password_hash.hpp"
#include "edgetwin/firmware/activation/accounts_local.hpp"
#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

using EdgeConsoleResult = std::optional<std::string>;

class EdgeConsole {
 public:
  EdgeConsole(Platform& platform, PasswordHasher hasher);

  // A session for `user`; with the default password still set, a session that may only
  // change it (the answer is nullopt: the login itself worked).
  EdgeConsoleResult login(const std::string& user, std::string_view password);
  // The logged-in user's password, the old one first.
  EdgeConsoleResult change_password(const std::string& user, std::string_view old_password,
                                    std::string_view new_password);
  // The console's app list ("click the app card for its details"): a session whose password
  // has been changed.
  EdgeConsoleResult view_apps(const std::string& user);
  // The cloud's reset: back to the default password, to be changed at the next login.
  EdgeConsoleResult reset_from_cloud();

  bool logged_in(const std::string& user) const { return session_ == user; }
  const LocalAccount& account() const { return account_; }

 private:
  EdgeConsoleResult done(const std::string& user, std::string_view command,
                         EdgeConsoleResult result);
  EdgeConsoleResult session_for(const std::string& user) const;

  Platform& platform_;
  LocalAccount account_;
  std::optional<std::string> session_;  // the logged-in user
};

}  // namespace edgetwin::fw
