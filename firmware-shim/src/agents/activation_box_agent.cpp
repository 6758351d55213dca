#include "edgetwin/firmware/agents/activation_box_agent.hpp"

#include <algorithm>

#include "edgetwin/firmware/agents/boot_epoch.hpp"
#include "edgetwin/firmware/base/ipv4_cidr.hpp"
#include "edgetwin/firmware/wire/byte_codec.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {
namespace {

constexpr std::string_view kSetupKey = "setup/answers";

}  // namespace

ActivationBoxAgent::ActivationBoxAgent(Platform& platform, BoxConfig config, FactoryConfig factory)
    : sealed_(platform, config.name, config.keys),
      platform_(sealed_),
      config_(std::move(config)),
      factory_(std::move(factory)),
      inbox_(config_.keys) {}

void ActivationBoxAgent::boot() {
  boot_epoch_ = advance_boot_epoch(platform_.disk());
  // The factory password must be changed in the first boot's setup (must_change).
  owner_ = std::make_unique<LocalAccount>(platform_, std::string(kOwnerUser),
                                          std::string(kOwnerDefaultPassword), true,
                                          PasswordHasher(factory_.password_cost));
  DialogueConfig dc;
  dc.dhcp_lease = factory_.dhcp_lease;
  dialogue_ = std::make_unique<SetupDialogue>(dc, *owner_);
  ActivationClient::Hooks hooks{
      [this](std::string_view line) { print_line(std::string(line)); },
      [this](CodeRejection reason, Duration retry_after) { on_rejected(reason, retry_after); },
      [this] { on_activated(); }};
  client_ = std::make_unique<ActivationClient>(platform_, config_.name, config_.cloud, boot_epoch_,
                                               factory_.timing, std::move(hooks));
  const ActivationPhase phase = client_->resume();
  if (phase == ActivationPhase::activated) {
    load_setup();
    start_box();
    return;
  }
  if (factory_.credential == CredentialKind::join_token) {
    if (phase == ActivationPhase::idle) run_start_script();  // else the client carries on
    return;
  }
  if (phase != ActivationPhase::idle) {
    // Resumed: the client carries on. Should the cloud refuse the code after all, the
    // operator is asked for another one for the same device.
    load_setup();
    dialogue_->resume_at_bind_code(client_->device_name());
    return;
  }
  print(dialogue_->start());
  schedule_answer(typing_delay());
}

void ActivationBoxAgent::print_line(std::string line) {
  if (console_.size() < kConsoleLinesMax) console_.push_back(line);
  platform_.events().emit("console", {{"line", std::move(line)}});
}

void ActivationBoxAgent::print(const ConsoleLines& lines) {
  for (const auto& line : lines) print_line(line);
}

std::optional<std::string> ActivationBoxAgent::scripted_answer() const {
  const SetupScript& s = factory_.script;
  const std::string& password =
      dialogue_->password_changed() && s.new_password ? *s.new_password : s.password;
  switch (dialogue_->step()) {
    case DialogueStep::login_user:
      return s.user;
    case DialogueStep::login_password:
      return s.password;
    case DialogueStep::change_password_ask:
      return s.new_password ? "Y" : "n";
    case DialogueStep::new_password:
    case DialogueStep::retype_password:
      return s.new_password.value_or("");
    case DialogueStep::sudo_merge:
    case DialogueStep::sudo_dhcp:
      return password;
    case DialogueStep::network_mode:
      return s.manual_network ? "y" : "n";
    case DialogueStep::manual_address:
      return s.address_prefix;
    case DialogueStep::manual_gateway:
      return s.gateway;
    case DialogueStep::manual_dns:
      return s.dns;
    case DialogueStep::network_ok:
      return "y";
    case DialogueStep::device_name:
      return s.device_name;
    case DialogueStep::bind_code:
      return s.bind_code ? s.bind_code() : std::nullopt;
    case DialogueStep::activating:
    case DialogueStep::done:
      return std::nullopt;
  }
  return std::nullopt;
}

void ActivationBoxAgent::schedule_answer(Duration delay) {
  platform_.cancel(answer_timer_);
  answer_timer_ = platform_.after(delay, [this] {
    answer_timer_ = 0;
    answer();
  });
}

void ActivationBoxAgent::answer() {
  const auto typed = scripted_answer();
  if (!typed) {
    // The operator has no code yet: look at the cloud console again a little later.
    if (dialogue_->step() == DialogueStep::bind_code) schedule_answer(typing_delay());
    return;
  }
  if (++answers_typed_ > kScriptAnswersMax) {
    platform_.events().emit("setup.stuck", {{"step", static_cast<int>(dialogue_->step())}});
    return;
  }
  // The console echoes what is typed, except at password prompts.
  if (!dialogue_->secret_prompt()) print_line(*typed);
  print(dialogue_->on_line(*typed));
  if (dialogue_->step() == DialogueStep::activating) {
    save_setup();
    client_->submit(dialogue_->answers().device_name, factory_.credential,
                    dialogue_->answers().bind_code);
    return;
  }
  schedule_answer(typing_delay());
}

// A generic node: the operator has run the start script, or not yet (look again later). A
// script whose token the cloud refused is not run again; a new one is.
void ActivationBoxAgent::run_start_script() {
  const auto token = factory_.script.bind_code ? factory_.script.bind_code() : std::nullopt;
  if (!token || *token == script_token_) {
    platform_.cancel(answer_timer_);
    answer_timer_ = platform_.after(factory_.answer_delay, [this] {
      answer_timer_ = 0;
      run_start_script();
    });
    return;
  }
  script_token_ = *token;
  print_line("start script: joining as " + config_.name);
  client_->submit(config_.name, CredentialKind::join_token, *token);
}

// People do not type in step: each answer takes between half and one and a half answer_delay.
Duration ActivationBoxAgent::typing_delay() {
  const double k = 0.5 + platform_.rng().uniform01();
  return Duration::nanoseconds(
      static_cast<std::int64_t>(static_cast<double>(factory_.answer_delay.count_ns()) * k));
}

void ActivationBoxAgent::on_rejected(CodeRejection reason, Duration retry_after) {
  if (factory_.credential == CredentialKind::join_token) {
    print_line("start script: " + std::string(to_string(reason)));
    if (retry_after > Duration::zero()) script_token_.clear();  // locked out: the same, later
    platform_.cancel(answer_timer_);
    answer_timer_ = platform_.after(std::max(factory_.answer_delay, retry_after), [this] {
      answer_timer_ = 0;
      run_start_script();
    });
    return;
  }
  print(dialogue_->on_code_rejected(reason, retry_after));
  schedule_answer(std::max(factory_.answer_delay, retry_after));
}

void ActivationBoxAgent::on_activated() {
  dialogue_->on_initialized();
  start_box();
}

// The network the operator configured is the box's from now on, across reboots.
void ActivationBoxAgent::save_setup() {
  const NetworkSetting& n = dialogue_->answers().network;
  if (n.address == 0) return;  // resumed at the code prompt: the saved network stands
  ByteWriter w;
  w.str(dialogue_->answers().device_name);
  w.u32(n.address);
  w.u8(static_cast<std::uint8_t>(n.prefix));
  platform_.disk().write(kSetupKey, w.bytes(), Durability::synced);
  config_.ip = format_ipv4(n.address);
}

void ActivationBoxAgent::load_setup() {
  auto stored = platform_.disk().read(kSetupKey);
  if (!stored) return;
  ByteReader r(*stored);
  r.str();
  const std::uint32_t address = r.u32();
  r.u8();
  if (r.ok() && r.at_end() && address != 0) config_.ip = format_ipv4(address);
}

// The box firmware talks to the cloud under the key issued at activation, never the enrolment
// key (wire_keys.hpp). A box activated without one (a record lost from its disk) cannot reach
// the cloud: say so, rather than fall back to a key the cloud refuses.
void ActivationBoxAgent::start_box() {
  platform_.cancel(answer_timer_);
  config_.keys.cloud = client_->cloud_key();
  if (!config_.keys.cloud) platform_.events().emit("activation.cloud_key_missing", {});
  box_ = std::make_unique<BoxAgent>(sealed_.inner(), config_);
  box_->boot();
}

void ActivationBoxAgent::on_datagram(const Address& from, Channel channel,
                                     std::span<const std::byte> datagram) {
  if (box_) {
    // A late duplicate of an activation reply is neither the BoxAgent's nor malformed.
    if (channel == Channel::firmware) {
      auto env = decode_envelope(datagram);
      if (env && env.value().type == MessageType::activation_reply) return;
    }
    box_->on_datagram(from, channel, datagram);
    return;
  }
  // Before the box runs, nothing listens but the activation client: the peer's heartbeats
  // and adverts are expected and dropped without counting them as malformed.
  if (channel != Channel::firmware) return;
  auto env = inbox_.accept(from, datagram, platform_.now());
  if (!env) return;
  if (env->type != MessageType::activation_reply) {
    ++ignored_before_running_;
    return;
  }
  auto reply = ActivationReply::decode(env->payload);
  if (!reply || from != config_.cloud) {
    inbox_.count_bad_payload();
    return;
  }
  if (!client_->on_reply(*reply)) inbox_.count_bad_payload();  // a key that does not open
}

// Until activation completes, only the first-boot inbox; then the box agent's stats beside it.
AgentStats ActivationBoxAgent::stats() const {
  AgentStats s = box_ ? box_->stats() : AgentStats{};
  s.inboxes.insert(s.inboxes.begin(), inbox_.stats());
  return s;
}

void ActivationBoxAgent::prefetch() const {
  if (box_) box_->prefetch();
}

void ActivationBoxAgent::check_invariants() const {
  if (box_) box_->check_invariants();
}

}  // namespace edgetwin::fw
