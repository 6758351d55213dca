#pragma once
// `edgeboxd setup`: the manual's first-boot dialogue ("Welcome to Edgebox Initial Setup") on
// the terminal, with the firmware's own state machines: SetupDialogue for the prompts,
// LocalAccount for the owner's password (argon2id on the state directory), ActivationClient
// for the bind code (to the configured cloud endpoint, retried with back-off, resumed after a
// reboot). Usable at a real keyboard (no echo at password prompts) and with piped answers.
//
// Ends with 0 once the cloud lists the box `running` (or it was already activated), 3 when
// the input ends before the bind code was submitted, 130 on Ctrl-C (echo restored). After the code
// is submitted, the end of the input does not stop it: activation carries on until the cloud
// answers.
#include <memory>

#include "daemon_config.hpp"
#include "edgetwin/firmware/activation/accounts_local.hpp"
#include "edgetwin/firmware/activation/activation_client.hpp"
#include "edgetwin/firmware/activation/setup_dialogue.hpp"
#include "edgetwin/firmware/wire/inbox.hpp"
#include "edgetwin/firmware/wire/sealing_platform.hpp"
#include "edgetwin/linux/console_input.hpp"
#include "edgetwin/linux/event_loop.hpp"
#include "edgetwin/linux/linux_platform.hpp"
#include "edgetwin/linux/signal_channel.hpp"

namespace edgetwin::edgeboxd {

class SetupConsole {
 public:
  static constexpr int kExitFailed = 1;  // the activation client gave up (kAttemptsMax)
  static constexpr int kExitIncomplete = 3;
  // The owner's record on the state directory is unreadable: never the default password.
  static constexpr int kExitAccountDamaged = 4;
  static constexpr int kExitInterrupted = 130;

  static void block_signals();  // first in main, as for the daemon

  // Opens the state directory and the firmware socket (no VRRP, no VIP, no apps).
  explicit SetupConsole(DaemonConfig config);
  int run();

 private:
  void print(const fw::ConsoleLines& lines);
  void on_line(std::string line);
  void on_datagram(const fw::Datagram& d);
  void finish(int status);
  void fire_due_timers();

  DaemonConfig config_;
  linux_box::LinuxPlatform platform_;
  fw::SealingPlatform sealed_;  // platform_, sealing what goes to the cloud with the box's key
  linux_box::EventLoop loop_;
  fw::Inbox inbox_;
  std::unique_ptr<fw::LocalAccount> owner_;
  std::unique_ptr<fw::SetupDialogue> dialogue_;
  std::unique_ptr<fw::ActivationClient> client_;
  std::unique_ptr<linux_box::ConsoleInput> input_;
  std::optional<int> exit_status_;
};

}  // namespace edgetwin::edgeboxd
