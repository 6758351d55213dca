#pragma once
// The box's initial-setup dialogue on its console (the manual's "Welcome to Edgebox Initial
// Setup"), as a state machine: a console line in, the lines the console prints out (the last
// one is the next prompt). It does no I/O of its own: the caller owns the console, hands the
// bind code to the activation client when step() becomes `activating`, and relays the
// client's progress back. A wrong answer is explained and its prompt repeated; nothing
// answered before is lost.
//
// The manual's manual-network mode opens CentOS's nmtui; this dialogue asks the same fields
// (address/prefix, gateway, DNS servers) as plain prompts. DHCP mode shows the lease of eno1.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgetwin/firmware/activation/activation_messages.hpp"
#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::fw {

enum class DialogueStep : std::uint8_t {
  login_user,
  login_password,
  change_password_ask,
  new_password,
  retype_password,
  sudo_merge,
  network_mode,
  manual_address,
  manual_gateway,
  manual_dns,
  sudo_dhcp,
  network_ok,
  device_name,
  bind_code,
  activating,  // the code went to the activation client; its log follows
  done,
};

// The password of the console's default user, held hashed (accounts_local.hpp).
class OwnerPassword {
 public:
  virtual ~OwnerPassword() = default;
  virtual bool verify(std::string_view password) const = 0;
  // False when the new password was not stored (too long, the disk refused): the old one holds.
  virtual bool change(std::string_view password) = 0;
  // Still the factory default: the first boot's setup does not go on until it is changed.
  virtual bool must_change() const = 0;
};

struct NetworkSetting {
  std::string interface = "eno1";
  std::uint32_t address = 0;  // host order
  int prefix = 0;
  std::uint32_t gateway = 0;
  std::vector<std::uint32_t> dns;
  bool dhcp = false;
};

struct DialogueConfig {
  std::string hostname = "edgebox";
  std::string user = "owner";
  std::optional<NetworkSetting> dhcp_lease;  // what DHCP offers on eno1; none: no lease
  std::size_t password_chars_min = 8;
  std::size_t password_bytes_max = 256;  // PasswordHasher::kPasswordBytesMax
  std::size_t bind_code_chars = 8;
};

struct SetupAnswers {
  NetworkSetting network;
  std::string device_name;
  std::string bind_code;
};

using ConsoleLines = std::vector<std::string>;

class SetupDialogue {
 public:
  SetupDialogue(DialogueConfig config, OwnerPassword& owner);

  ConsoleLines start();
  // After a reboot with a submitted code that the cloud then refused: back to the code prompt.
  ConsoleLines resume_at_bind_code(const std::string& device_name);
  ConsoleLines on_line(std::string_view line);
  ConsoleLines on_code_rejected(CodeRejection reason, Duration retry_after);
  ConsoleLines on_initialized();

  DialogueStep step() const { return step_; }
  // The console does not echo what is typed at this prompt.
  bool secret_prompt() const;
  const SetupAnswers& answers() const { return answers_; }
  bool password_changed() const { return password_changed_; }

 private:
  ConsoleLines ask(DialogueStep step, ConsoleLines before = {});
  ConsoleLines on_login(std::string_view line);
  ConsoleLines on_password_change(std::string_view line);
  ConsoleLines on_sudo(std::string_view line);
  ConsoleLines on_network_mode(std::string_view line);
  ConsoleLines on_manual_network(std::string_view line);
  ConsoleLines on_network_ok(std::string_view line);
  ConsoleLines on_device_name(std::string_view line);
  ConsoleLines on_bind_code(std::string_view line);
  ConsoleLines show_network();

  DialogueConfig config_;
  OwnerPassword& owner_;
  DialogueStep step_ = DialogueStep::login_user;
  std::string login_user_;
  std::string new_password_;  // between the two password prompts only
  SetupAnswers answers_;
  bool password_changed_ = false;
};

// Yes/no answers of "[Y/n]" prompts: empty is the default (yes); nullopt when neither.
std::optional<bool> parse_yes_no(std::string_view line);
// The product's node naming rule: digits, lowercase letters and '-', not at either end, 4..30.
bool valid_device_name(std::string_view name);

}  // namespace edgetwin::fw
