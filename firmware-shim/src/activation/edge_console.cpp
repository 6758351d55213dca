#include "edgetwin/firmware/activation/edge_console.hpp"

namespace edgetwin::fw {

EdgeConsole::EdgeConsole(Platform& platform, PasswordHasher hasher)
    : platform_(platform), account_(edge_console_super_account(platform, hasher)) {}

EdgeConsoleResult EdgeConsole::done(const std::string& user, std::string_view command,
                                    EdgeConsoleResult result) {
  nlohmann::ordered_json fields{
      {"user", user}, {"command", command}, {"outcome", result ? "refused" : "accepted"}};
  if (result) fields["why"] = *result;
  platform_.events().emit("edge_console", std::move(fields));
  return result;
}

EdgeConsoleResult EdgeConsole::session_for(const std::string& user) const {
  if (session_ != user) return "not logged in";
  if (account_.must_change()) return "the password must be changed first";
  return std::nullopt;
}

EdgeConsoleResult EdgeConsole::login(const std::string& user, std::string_view password) {
  switch (account_.login(user, password)) {
    case LoginResult::ok:
    case LoginResult::must_change_password:
      session_ = user;
      return done(user, "login", std::nullopt);
    case LoginResult::damaged:
      return done(user, "login", "the account is damaged: reset its password from the cloud");
    case LoginResult::wrong:
      break;
  }
  return done(user, "login", "wrong user name or password");
}

EdgeConsoleResult EdgeConsole::change_password(const std::string& user,
                                               std::string_view old_password,
                                               std::string_view new_password) {
  if (session_ != user) return done(user, "change_password", "not logged in");
  if (auto error = account_.change_password(old_password, new_password))
    return done(user, "change_password", std::string(to_string(*error)));
  return done(user, "change_password", std::nullopt);
}

EdgeConsoleResult EdgeConsole::view_apps(const std::string& user) {
  return done(user, "view_apps", session_for(user));
}

EdgeConsoleResult EdgeConsole::reset_from_cloud() {
  session_.reset();  // whoever was in must log in again with the default password
  if (!account_.reset_to_default())
    return done(account_.user(), "reset_password", "the password could not be stored");
  return done(account_.user(), "reset_password", std::nullopt);
}

}  // namespace edgetwin::fw
