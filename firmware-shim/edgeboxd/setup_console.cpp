#include "setup_console.hpp"

#include <array>
#include <csignal>
#include <cstdio>

#include "edgetwin/firmware/agents/boot_epoch.hpp"
#include "edgetwin/firmware/agents/box_agent.hpp"
#include "edgetwin/firmware/base/driver.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::edgeboxd {
namespace {

// Setup talks to the cloud only: no VRRP raw socket, no VIP, no containers.
linux_box::PlatformConfig setup_platform(linux_box::PlatformConfig p) {
  p.vrrp_peers.clear();
  p.interface.reset();
  p.runtime.apps.clear();
  return p;
}

constexpr std::array<int, 2> kSetupSignals{SIGINT, SIGTERM};

}  // namespace

void SetupConsole::block_signals() { linux_box::SignalChannel::block(kSetupSignals); }

SetupConsole::SetupConsole(DaemonConfig config)
    : config_(std::move(config)),
      platform_(setup_platform(config_.platform)),
      sealed_(platform_, config_.box.name, config_.box.keys),
      inbox_(config_.box.keys) {}

void SetupConsole::print(const fw::ConsoleLines& lines) {
  // The last line is the next prompt: the cursor stays after it, as on the box's console.
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const bool prompt = i + 1 == lines.size() &&
                        dialogue_->step() != fw::DialogueStep::activating &&
                        dialogue_->step() != fw::DialogueStep::done;
    std::fputs(lines[i].c_str(), stdout);
    if (!prompt)
      std::fputc('\n', stdout);
    else
      std::fputc(' ', stdout);
  }
  std::fflush(stdout);
  if (input_) input_->set_echo(!dialogue_->secret_prompt());
}

void SetupConsole::on_line(std::string line) {
  if (dialogue_->step() == fw::DialogueStep::activating ||
      dialogue_->step() == fw::DialogueStep::done)
    return;  // typing while the cloud works changes nothing
  if (dialogue_->secret_prompt()) std::fputc('\n', stdout);  // the unechoed Enter
  print(dialogue_->on_line(line));
  if (dialogue_->step() != fw::DialogueStep::activating) return;
  const fw::NetworkSetting& n = dialogue_->answers().network;
  platform_.events().emit("setup.answers", {{"device_name", dialogue_->answers().device_name},
                                            {"dhcp", n.dhcp},
                                            {"address", fw::format_ipv4(n.address)},
                                            {"prefix", n.prefix}});
  client_->submit(dialogue_->answers().device_name, fw::CredentialKind::bind_code,
                  dialogue_->answers().bind_code);
}

void SetupConsole::on_datagram(const fw::Datagram& d) {
  if (d.channel != fw::Channel::firmware) return;
  auto env = inbox_.accept(d.from, d.bytes, platform_.now());
  if (!env || env->type != fw::MessageType::activation_reply) return;
  auto reply = fw::ActivationReply::decode(env->payload);
  if (!reply || d.from != config_.box.cloud) {
    inbox_.count_bad_payload();
    return;
  }
  if (!client_->on_reply(*reply)) inbox_.count_bad_payload();  // a key that does not open
}

void SetupConsole::finish(int status) {
  if (!exit_status_) exit_status_ = status;
}

int SetupConsole::run() {
  const std::uint32_t epoch = fw::advance_boot_epoch(platform_.disk());
  owner_ = std::make_unique<fw::LocalAccount>(platform_, std::string(fw::kOwnerUser),
                                              std::string(fw::kOwnerDefaultPassword), true,
                                              fw::PasswordHasher(fw::PwhashCost::interactive()));
  if (owner_->damaged()) {
    // Falling back to the factory password would hand the box to whoever read the manual.
    std::fprintf(stderr,
                 "edgeboxd: the owner account record in %s is damaged; reset the password from "
                 "the cloud console (edge user center) or reinstall the box\n",
                 config_.platform.state_dir.c_str());
    return kExitAccountDamaged;
  }
  dialogue_ = std::make_unique<fw::SetupDialogue>(fw::DialogueConfig{}, *owner_);
  fw::ActivationClient::Hooks hooks{[this](std::string_view line) { print({std::string(line)}); },
                                    [this](fw::CodeRejection reason, fw::Duration retry_after) {
                                      print(dialogue_->on_code_rejected(reason, retry_after));
                                    },
                                    [this] {
                                      print(dialogue_->on_initialized());
                                      finish(0);
                                    }};
  client_ = std::make_unique<fw::ActivationClient>(sealed_, config_.box.name, config_.box.cloud,
                                                   epoch, fw::ActivationTiming{}, std::move(hooks));
  const fw::ActivationPhase phase = client_->resume();
  if (phase == fw::ActivationPhase::activated) {
    std::puts("This box is already activated.");
    return 0;
  }
  platform_.watch(loop_, [this](fw::Datagram d) { on_datagram(d); });
  linux_box::SignalChannel signals(loop_, kSetupSignals, [this](int) { finish(kExitInterrupted); });
  if (phase == fw::ActivationPhase::idle) {
    input_ = std::make_unique<linux_box::ConsoleInput>(
        loop_, [this](std::string line) { on_line(std::move(line)); },
        [this] {
          const auto step = dialogue_->step();
          if (step != fw::DialogueStep::activating && step != fw::DialogueStep::done)
            finish(kExitIncomplete);
        });
    print(dialogue_->start());
  } else {
    std::puts("Resuming the activation of this box...");  // the client carries on
  }
  while (!exit_status_) {
    loop_.set_deadline(platform_.timers().next_deadline());
    loop_.run_once();
    fire_due_timers();
    if (client_->gave_up()) finish(kExitFailed);
  }
  std::fputc('\n', stdout);
  input_.reset();  // restores the terminal's echo
  return *exit_status_;
}

void SetupConsole::fire_due_timers() {
  const fw::Time now = platform_.now();
  for (int fired = 0; fired < fw::Driver::kTimersPerWakeMax; ++fired) {
    auto callback = platform_.timers().pop_due(now);
    if (!callback) return;
    (*callback)();
  }
}

}  // namespace edgetwin::edgeboxd
