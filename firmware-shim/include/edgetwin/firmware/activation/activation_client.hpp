#pragma once
// The box side of activation, after the operator typed a well-formed code:
//
//   idle --submit--> pending --accepted--> accepted (security check, services install:
//   init_duration in steps) --done, running--> activated
//
// Every phase change is written to the disk (synced) before it is acted on, so a reboot
// resumes where the box was: `pending` re-sends the same session (the cloud answers a retry of
// an accepted session again), `accepted` carries on installing from the last finished step
// and never presents the consumed code again. Requests that go unanswered are retried with
// exponential back-off and jitter (retry_initial, x2, ... retry_max, each drawn in [d/2, d]);
// a cloud that says "retry later" is obeyed, plus jitter, so a herd told the same instant does
// not come back together.
//
// Each session has an enrolment key pair (cloud_key_enrolment.hpp) whose seed is kept with a
// pending session; the acceptance carries the box's cloud-link key sealed to it, which the box
// stores (synced) before it acts on the acceptance. A reply whose key does not open is not
// acted on (on_reply returns false: the caller counts it).
#include <cstdint>
#include <optional>
#include <functional>
#include <string>
#include <string_view>

#include "edgetwin/firmware/activation/activation_messages.hpp"
#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

struct ActivationTiming {
  Duration request_timeout = Duration::seconds(5);
  Duration retry_initial = Duration::seconds(2);
  Duration retry_max = Duration::seconds(300);
  // The manual: "initialization takes about five minutes" (DPS, security check, services).
  Duration init_duration = Duration::seconds(300);
};

enum class ActivationPhase : std::uint8_t { idle = 0, pending = 1, accepted = 2, activated = 3 };
std::string_view to_string(ActivationPhase p);

class ActivationClient {
 public:
  // Bound on sends per phase: at retry_max apart, more than a month of trying. Past it the box
  // stops and says so; a reboot tries again.
  static constexpr std::uint32_t kAttemptsMax = 10'000;
  // Bound on the back-off exponent (the delay is retry_max long before).
  static constexpr int kBackoffStepsMax = 32;

  struct Hooks {
    std::function<void(std::string_view line)> console;
    std::function<void(CodeRejection reason, Duration retry_after)> rejected;
    std::function<void()> activated;
  };

  ActivationClient(Platform& platform, std::string node, Address cloud, std::uint32_t boot_epoch,
                   ActivationTiming timing, Hooks hooks);

  // At boot: reads the disk and carries on with what was in progress.
  ActivationPhase resume();
  void submit(const std::string& device_name, CredentialKind kind, const std::string& credential);
  // False: an acceptance whose cloud-link key does not open with this session's key pair.
  bool on_reply(const ActivationReply& reply);
  // The cloud-link key issued at this box's activation (from the disk after a reboot).
  const std::optional<WireKey>& cloud_key() const { return cloud_key_; }

  ActivationPhase phase() const { return phase_; }
  std::uint64_t session() const { return session_; }
  std::uint32_t attempts() const { return attempts_; }
  bool gave_up() const { return gave_up_; }
  const std::string& device_name() const { return device_name_; }
  std::size_t init_step() const { return step_; }

 private:
  void persist();
  bool load();
  void send_current();
  void send_request();
  void send_done();
  void after_send();
  void retry_in(Duration delay);
  Duration backoff() const;
  void run_init_step();
  bool take_cloud_key(const ActivationReply& reply);
  void on_accepted();
  void on_running();
  void on_rejected(const ActivationReply& reply);
  void set_phase(ActivationPhase p);

  Platform& platform_;
  std::string node_;
  Address cloud_;
  std::uint32_t boot_epoch_;
  ActivationTiming timing_;
  Hooks hooks_;
  ActivationPhase phase_ = ActivationPhase::idle;
  std::uint64_t session_ = 0;
  std::string device_name_;
  CredentialKind kind_ = CredentialKind::bind_code;
  std::string credential_;  // only while pending: after acceptance it is never sent again
  EnrolmentSeed enrolment_seed_{};  // only while pending, like the credential
  std::optional<WireKey> cloud_key_;
  std::size_t step_ = 0;    // initialization steps finished
  std::uint32_t attempts_ = 0;
  bool gave_up_ = false;
  TimerId timer_ = 0;
};

}  // namespace edgetwin::fw
