#pragma once
// A box out of the factory: it powers on unactivated, its console runs the initial-setup
// dialogue (setup_dialogue.hpp), the bind code goes to the cloud (activation_client.hpp), and
// once the cloud lists the node `running` the box's firmware proper (BoxAgent: heartbeats,
// VRRP, health, failover) starts. After that, every boot goes straight to the BoxAgent.
//
// A generic node (credential `join_token`) has no first-boot dialogue: it is a customer's
// server with its own system, and joins when the operator runs the start script the console
// showed for it (join_token.hpp). Its agent waits for that script (`bind_code`, looked at
// every answer_delay), submits the script's token under the node's own name, and once activated
// starts the same BoxAgent (configured without HA by the caller).
//
// Who sits at the console is a SetupScript: on a real box (later) a tty reader, in the twin
// answers derived from the fleet, in tests whatever the test wants. The operator reads the
// bind code off the cloud console (`bind_code`), which may not be there yet: then they wait.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/activation/accounts_local.hpp"
#include "edgetwin/firmware/activation/activation_client.hpp"
#include "edgetwin/firmware/activation/setup_dialogue.hpp"
#include "edgetwin/firmware/agents/agent_stats.hpp"
#include "edgetwin/firmware/agents/box_agent.hpp"
#include "edgetwin/firmware/wire/inbox.hpp"
#include "edgetwin/firmware/wire/sealing_platform.hpp"

namespace edgetwin::fw {

// What the operator types at each prompt.
struct SetupScript {
  std::string user = std::string(kOwnerUser);
  std::string password = std::string(kOwnerDefaultPassword);
  // "Y" and this; none: "n", which a first boot refuses (the factory password must change),
  // so a script without one stops at the new-password prompt.
  std::optional<std::string> new_password;
  bool manual_network = true;
  std::string address_prefix;  // "192.168.1.11/24"
  std::string gateway;
  std::string dns;
  std::string device_name;
  std::function<std::optional<std::string>()> bind_code;  // none yet: wait and look again
};

struct FactoryConfig {
  SetupScript script;
  Duration answer_delay = Duration::seconds(3);  // reading a prompt and typing, on average
  ActivationTiming timing;
  PwhashCost password_cost = PwhashCost::interactive();
  std::optional<NetworkSetting> dhcp_lease;
  CredentialKind credential = CredentialKind::bind_code;
};

class ActivationBoxAgent final : public NodeAgent {
 public:
  // Bound on answers typed by the script: one that never satisfies a prompt stops here.
  static constexpr int kScriptAnswersMax = 200;
  static constexpr std::size_t kConsoleLinesMax = 2'000;

  ActivationBoxAgent(Platform& platform, BoxConfig config, FactoryConfig factory);
  void boot() override;
  void on_datagram(const Address& from, Channel channel,
                   std::span<const std::byte> datagram) override;
  AgentStats stats() const override;
  SealingPlatform* sealing() override { return box_ ? box_->sealing() : &sealed_; }
  void check_invariants() const override;
  void prefetch() const override;

  bool running() const { return box_ != nullptr; }
  const BoxAgent* box() const { return box_.get(); }
  BoxAgent* box() { return box_.get(); }  // the edge console's commands reach it (the twin)
  const Inbox& inbox() const { return inbox_; }
  const ActivationClient* client() const { return client_.get(); }
  const SetupDialogue* dialogue() const { return dialogue_.get(); }
  const std::vector<std::string>& console() const { return console_; }
  std::uint64_t ignored_before_running() const { return ignored_before_running_; }

 private:
  void print(const ConsoleLines& lines);
  void print_line(std::string line);
  std::optional<std::string> scripted_answer() const;
  void schedule_answer(Duration delay);
  Duration typing_delay();
  void answer();
  void run_start_script();
  void on_rejected(CodeRejection reason, Duration retry_after);
  void on_activated();
  void save_setup();
  void load_setup();
  void start_box();

  // The backend's platform, sealing what the first-boot agent sends with the box's cloud key
  // (the BoxAgent gets the backend's own and seals for itself, with its own epoch).
  SealingPlatform sealed_;
  Platform& platform_;  // sealed_
  BoxConfig config_;
  FactoryConfig factory_;
  std::uint32_t boot_epoch_ = 0;
  Inbox inbox_;
  std::unique_ptr<LocalAccount> owner_;
  std::unique_ptr<SetupDialogue> dialogue_;
  std::unique_ptr<ActivationClient> client_;
  std::unique_ptr<BoxAgent> box_;
  std::vector<std::string> console_;
  int answers_typed_ = 0;
  std::string script_token_;  // the start script's token last submitted (a generic node)
  TimerId answer_timer_ = 0;
  std::uint64_t ignored_before_running_ = 0;
};

}  // namespace edgetwin::fw
