#include "edgetwin/firmware/activation/activation_client.hpp"

#include <algorithm>
#include <array>

#include "edgetwin/firmware/wire/byte_codec.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {
namespace {

constexpr std::string_view kProgressKey = "activation/progress";
// 2: with the enrolment seed of a pending session (1 had none: read, with a fresh seed).
constexpr std::uint8_t kRecordVersion = 2;

// The manual's activation log, with each step's share of init_duration (in thousandths).
struct InitStep {
  std::string_view line;
  std::int64_t share_permille;
};
constexpr std::array<InitStep, 6> kInitSteps{{
    {"Enable DPS", 50},
    {"Optimizing system audit log", 150},  // the security check
    {"Waiting for DPS activated...", 200},
    {"DPS is activated", 0},
    {"Start IOT Link Edge Services...", 600},
    {"Services installed !", 0},
}};

}  // namespace

std::string_view to_string(ActivationPhase p) {
  switch (p) {
    case ActivationPhase::idle:
      return "idle";
    case ActivationPhase::pending:
      return "pending";
    case ActivationPhase::accepted:
      return "accepted";
    case ActivationPhase::activated:
      return "activated";
  }
  return "unknown";
}

ActivationClient::ActivationClient(Platform& platform, std::string node, Address cloud,
                                   std::uint32_t boot_epoch, ActivationTiming timing, Hooks hooks)
    : platform_(platform),
      node_(std::move(node)),
      cloud_(std::move(cloud)),
      boot_epoch_(boot_epoch),
      timing_(timing),
      hooks_(std::move(hooks)) {}

void ActivationClient::persist() {
  if (phase_ == ActivationPhase::idle) {
    platform_.disk().remove(kProgressKey);
    return;
  }
  ByteWriter w;
  w.u8(kRecordVersion);
  w.u8(static_cast<std::uint8_t>(phase_));
  w.u64(session_);
  w.str(device_name_);
  w.u8(static_cast<std::uint8_t>(kind_));
  w.str(phase_ == ActivationPhase::pending ? credential_ : "");
  w.u8(static_cast<std::uint8_t>(step_));
  const EnrolmentSeed none{};
  const EnrolmentSeed& seed = phase_ == ActivationPhase::pending ? enrolment_seed_ : none;
  w.raw(std::as_bytes(std::span(seed)));
  // Synced: after a power loss the box must not present a consumed code in a new session.
  platform_.disk().write(kProgressKey, w.bytes(), Durability::synced);
}

bool ActivationClient::load() {
  auto stored = platform_.disk().read(kProgressKey);
  if (!stored) return false;
  ByteReader r(*stored);
  const std::uint8_t version = r.u8();
  const std::uint8_t phase = r.u8();
  session_ = r.u64();
  device_name_ = r.str();
  const std::uint8_t kind = r.u8();
  credential_ = r.str();
  step_ = r.u8();
  if (version == kRecordVersion) {
    const auto seed = r.raw(enrolment_seed_.size());
    for (std::size_t i = 0; i < seed.size(); ++i)
      enrolment_seed_[i] = std::to_integer<unsigned char>(seed[i]);
  } else {
    enrolment_seed_ = new_enrolment_seed(platform_);  // a version-1 record: no key asked yet
  }
  const bool valid = r.ok() && r.at_end() && (version == 1 || version == kRecordVersion) &&
                     phase >= 1 && phase <= 3 && kind <= 1 && step_ <= kInitSteps.size();
  if (!valid) return false;  // torn or foreign: the operator starts the dialogue over
  phase_ = static_cast<ActivationPhase>(phase);
  kind_ = static_cast<CredentialKind>(kind);
  if (phase_ != ActivationPhase::pending) cloud_key_ = load_issued_cloud_key(platform_.disk());
  return true;
}

ActivationPhase ActivationClient::resume() {
  if (!load()) {
    phase_ = ActivationPhase::idle;
    return phase_;
  }
  platform_.events().emit("activation.resume", {{"phase", to_string(phase_)}, {"step", step_}});
  if (phase_ == ActivationPhase::pending) send_request();
  if (phase_ == ActivationPhase::accepted) {
    hooks_.console("Resuming initialization...");
    run_init_step();
  }
  return phase_;
}

void ActivationClient::set_phase(ActivationPhase p) {
  phase_ = p;
  persist();
  platform_.events().emit("activation.phase", {{"to", to_string(p)}, {"attempts", attempts_}});
}

void ActivationClient::submit(const std::string& device_name, CredentialKind kind,
                              const std::string& credential) {
  // A fresh session per submitted code; zero is never a session.
  session_ = std::max<std::uint64_t>(platform_.rng().next_u64(), 1);
  enrolment_seed_ = new_enrolment_seed(platform_);
  device_name_ = device_name;
  kind_ = kind;
  credential_ = credential;
  step_ = 0;
  attempts_ = 0;
  gave_up_ = false;
  set_phase(ActivationPhase::pending);
  send_request();
}

void ActivationClient::send_current() {
  if (phase_ == ActivationPhase::pending) send_request();
  if (phase_ == ActivationPhase::accepted && step_ == kInitSteps.size()) send_done();
}

void ActivationClient::send_request() {
  ActivationRequest m{node_,    device_name_,  kind_,
                      credential_, session_, attempts_ + 1,
                      enrolment_key_pair(enrolment_seed_).public_key};
  platform_.send(cloud_, Channel::firmware,
                 encode_envelope(MessageType::activation_request, boot_epoch_, m.encode()));
  after_send();
}

void ActivationClient::send_done() {
  ActivationDone m{node_, session_};
  platform_.send(cloud_, Channel::firmware,
                 encode_envelope(MessageType::activation_done, boot_epoch_, m.encode()));
  after_send();
}

// Counts the send and waits for its answer; silence means the cloud is unreachable.
void ActivationClient::after_send() {
  ++attempts_;
  platform_.cancel(timer_);
  if (attempts_ >= kAttemptsMax) {
    gave_up_ = true;
    hooks_.console("Activation failed: the cloud cannot be reached. Reboot to try again.");
    platform_.events().emit("activation.gave_up", {{"phase", to_string(phase_)}});
    return;
  }
  timer_ = platform_.after(timing_.request_timeout, [this] {
    timer_ = 0;
    retry_in(backoff());
  });
}

void ActivationClient::retry_in(Duration delay) {
  platform_.cancel(timer_);
  timer_ = platform_.after(delay, [this] {
    timer_ = 0;
    send_current();
  });
}

// retry_initial * 2^(attempts-1), capped, drawn uniformly in [d/2, d] ("equal jitter").
Duration ActivationClient::backoff() const {
  Duration d = timing_.retry_initial;
  const int steps = std::min<int>(static_cast<int>(attempts_) - 1, kBackoffStepsMax);
  for (int i = 0; i < steps && d < timing_.retry_max; ++i) d = d * 2;
  d = std::min(d, timing_.retry_max);
  const double jitter = 0.5 + 0.5 * platform_.rng().uniform01();
  return Duration::nanoseconds(
      static_cast<std::int64_t>(static_cast<double>(d.count_ns()) * jitter));
}

bool ActivationClient::on_reply(const ActivationReply& reply) {
  if (reply.node != node_ || reply.session != session_ || phase_ == ActivationPhase::idle ||
      phase_ == ActivationPhase::activated)
    return true;  // another session's, or late: nothing to do
  switch (reply.outcome) {
    case ActivationOutcome::accepted:
      if (phase_ != ActivationPhase::pending) return true;
      if (!take_cloud_key(reply)) return false;
      on_accepted();
      return true;
    case ActivationOutcome::running:
      if (!take_cloud_key(reply)) return false;
      on_running();
      return true;
    case ActivationOutcome::rejected:
      on_rejected(reply);
      return true;
    case ActivationOutcome::retry_later:
      // Only while something is being sent: a late answer must not stop the install.
      if (phase_ == ActivationPhase::pending || step_ == kInitSteps.size())
        retry_in(Duration::milliseconds(reply.retry_after_ms) + backoff());
      return true;
  }
  return true;
}

// The key is opened with the pending session's key pair and on the disk before the box acts on
// the reply; a box that already holds it (accepted before a reboot) keeps it.
bool ActivationClient::take_cloud_key(const ActivationReply& reply) {
  if (cloud_key_) return true;
  if (!reply.cloud_key || phase_ != ActivationPhase::pending) return false;
  auto key = open_cloud_key(*reply.cloud_key, enrolment_key_pair(enrolment_seed_));
  if (!key) {
    platform_.events().emit("activation.cloud_key_refused", {{"session", session_}});
    return false;
  }
  if (!store_issued_cloud_key(platform_.disk(), *key)) return false;  // the retry brings it again
  cloud_key_ = key;
  platform_.events().emit("activation.cloud_key", {{"node", node_}});
  return true;
}

void ActivationClient::on_accepted() {
  platform_.cancel(timer_);
  timer_ = 0;
  credential_.clear();
  enrolment_seed_ = {};
  set_phase(ActivationPhase::accepted);  // the event counts the sends it took
  attempts_ = 0;
  run_init_step();
}

void ActivationClient::run_init_step() {
  if (step_ == kInitSteps.size()) {
    attempts_ = 0;
    send_done();
    return;
  }
  const InitStep& step = kInitSteps[step_];
  hooks_.console(step.line);
  platform_.cancel(timer_);
  timer_ = platform_.after(timing_.init_duration * step.share_permille / 1000, [this] {
    timer_ = 0;
    ++step_;
    persist();
    run_init_step();
  });
}

void ActivationClient::on_running() {
  // The cloud only says `running` to a session whose completion it recorded; a pending box
  // hearing it was rebooted after finishing and lost nothing it needs.
  platform_.cancel(timer_);
  timer_ = 0;
  step_ = kInitSteps.size();
  set_phase(ActivationPhase::activated);
  hooks_.console("Your system has been initialized successfully !");
  hooks_.activated();
}

void ActivationClient::on_rejected(const ActivationReply& reply) {
  platform_.cancel(timer_);
  timer_ = 0;
  credential_.clear();
  set_phase(ActivationPhase::idle);
  hooks_.rejected(reply.reason, Duration::milliseconds(reply.retry_after_ms));
}

}  // namespace edgetwin::fw
