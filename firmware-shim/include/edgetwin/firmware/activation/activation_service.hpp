#pragma once
// The cloud side of activation. The operator's "activate device" issues a node's bind code
// (its "node script" a generic node's join token); a box presents the code in an activation
// session; the service admits requests through a token bucket, checks the code, and moves the
// node's status in the node list: `created` -> `activating` (code accepted) -> `running` (the
// box finished its initialization). Retries and resumed sessions are answered again, never
// counted twice: activation is idempotent.
//
// Accepting a code issues the box's cloud-link key (cloud_key_enrolment.hpp): fresh random
// bytes, recorded in the cloud's key table (issued_cloud_keys.hpp) and on its disk (synced,
// before the reply), and sealed to the session's enrolment public key in the reply.
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "edgetwin/firmware/activation/activation_messages.hpp"
#include "edgetwin/firmware/activation/activation_rate_limiter.hpp"
#include "edgetwin/firmware/activation/bind_code_book.hpp"
#include "edgetwin/firmware/activation/join_token.hpp"
#include "edgetwin/firmware/base/reason_counters.hpp"
#include "edgetwin/firmware/heartbeat/node_registry.hpp"
#include "edgetwin/firmware/wire/issued_cloud_keys.hpp"

namespace edgetwin::fw {

struct ActivationServiceConfig {
  bool nodes_start_created = false;  // factory: inventory nodes await activation
  RateLimit rate;                    // every source together
  // Each source (sender address) alone: well under `rate`, so that one flooder leaves the
  // others most of it; a box's own retries (2 s back-off, doubling) never reach it.
  RateLimit per_source{1, 5};
  CodeBookConfig bind_codes;
  CodeBookConfig join_tokens = join_token_book_config();
  std::string endpoint = "edge.iot.example.com";  // what start scripts fetch
};

using RejectionCounters = ReasonCounters<CodeRejection, kCodeRejectionMax + 1>;

class ActivationService {
 public:
  ActivationService(Platform& platform, NodeRegistry& registry, ActivationServiceConfig config);
  // A restarted cloud first takes back what it persisted: the code books and each node's
  // accepted session with its status in the node list (docs/orchestration.md).
  void start(std::uint32_t boot_epoch);
  // The table the cloud's inbox and sealer read; the keys issued before (on the cloud's disk,
  // for the registry's nodes) are put back into it, and into the restored sessions (after
  // start()).
  void set_cloud_keys(std::shared_ptr<IssuedCloudKeys> keys);

  // False when the payload is not such a message from its sender (the caller counts it).
  bool on_request(const Address& from, std::span<const std::byte> payload);
  bool on_done(const Address& from, std::span<const std::byte> payload);

  const ActivationServiceConfig& config() const { return config_; }
  std::uint64_t rate_limited() const { return rate_limited_; }
  std::uint64_t accepted() const { return accepted_; }
  std::uint64_t keys_issued() const { return keys_issued_; }
  // Requests whose enrolment key no key can be sealed to (a forger's, from a box's key).
  std::uint64_t bad_enrolment_keys() const { return bad_enrolment_keys_; }
  const RejectionCounters& rejections() const { return rejections_; }

 private:
  // The console's commands, reachable only through it: it checks the actor's permission on
  // the node's cluster first and audits the decision (agents/cloud_console.hpp).
  friend class CloudConsole;
  // The operator's "activate device": the node's bind code, shown once.
  Result<std::string, IssueError> issue_bind_code(const std::string& node);
  // The operator's "node script" of a generic node, with a fresh join token.
  Result<std::string, IssueError> node_script(const std::string& node);
  // The node was deleted: its bind code and join token are void, its session forgotten.
  void forget(const std::string& node);
  // The node's box was replaced: forgotten as above (its cloud-link key too), back to
  // `created` in the node list, and a new bind code issued for the new box.
  Result<std::string, IssueError> replace(const std::string& node);

  struct Session {
    std::uint64_t id = 0;
    bool running = false;
    EnrolmentPublicKey enrolment_key{};
    WireKey cloud_key{};
    bool keyed = false;  // cloud_key issued and on the disk
  };
  void reply(const Address& to, std::uint64_t session, ActivationOutcome outcome,
             CodeRejection reason = CodeRejection::none, Duration retry_after = {});
  // `accepted` or `running`, with the session's key sealed to its enrolment key.
  void reply_keyed(const Address& to, const Session& session, ActivationOutcome outcome);
  bool issue_cloud_key(const std::string& node, Session& session);
  void admit(const Address& from, const ActivationRequest& request);
  // Synced to the cloud's disk after each change (activation_service_record.cpp).
  void persist_codes(CredentialKind kind, const std::string& node);
  void persist_session(const std::string& node);
  void restore();

  Platform& platform_;
  NodeRegistry& registry_;
  ActivationServiceConfig config_;
  ActivationRateLimiter limiter_;
  OneTimeCodeBook bind_codes_;
  JoinTokens join_tokens_;
  std::map<std::string, Session> sessions_;  // by node: its accepted session
  std::shared_ptr<IssuedCloudKeys> cloud_keys_;
  std::uint64_t keys_issued_ = 0;
  std::uint64_t bad_enrolment_keys_ = 0;
  std::uint32_t boot_epoch_ = 0;
  std::uint64_t rate_limited_ = 0;
  std::uint64_t accepted_ = 0;
  RejectionCounters rejections_;
};

}  // namespace edgetwin::fw
