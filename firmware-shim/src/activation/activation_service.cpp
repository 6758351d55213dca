#include "edgetwin/firmware/activation/activation_service.hpp"

#include <algorithm>

#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {
namespace {

std::uint32_t to_ms(Duration d) {
  // Rounded up: a box told "0 ms" would come back before the token is there.
  const std::int64_t ms = (d.count_ns() + 999'999) / 1'000'000;
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(ms, 0, 0xffff'ffff));
}

}  // namespace

ActivationService::ActivationService(Platform& platform, NodeRegistry& registry,
                                     ActivationServiceConfig config)
    : platform_(platform),
      registry_(registry),
      config_(std::move(config)),
      limiter_(config_.rate, config_.per_source),
      bind_codes_(platform, config_.bind_codes),
      join_tokens_(platform, config_.join_tokens) {}

Result<std::string, IssueError> ActivationService::issue_bind_code(const std::string& node) {
  if (!registry_.rows().contains(node))
    return Result<std::string, IssueError>::failure(IssueError::unknown_node);
  auto code = bind_codes_.issue(node);
  if (code) {
    persist_codes(CredentialKind::bind_code, node);
    const Time expires = platform_.now() + config_.bind_codes.ttl;
    platform_.events().emit(
        "activation.code",
        {{"node", node}, {"kind", "bind_code"}, {"expires_s", expires.to_seconds()}});
  }
  return code;
}

Result<std::string, IssueError> ActivationService::node_script(const std::string& node) {
  if (!registry_.rows().contains(node))
    return Result<std::string, IssueError>::failure(IssueError::unknown_node);
  auto script = join_tokens_.start_script(node, config_.endpoint);
  if (script) persist_codes(CredentialKind::join_token, node);
  if (script) platform_.events().emit("activation.code", {{"node", node}, {"kind", "join_token"}});
  return script;
}

void ActivationService::forget(const std::string& node) {
  bind_codes_.revoke(node);
  join_tokens_.book().revoke(node);
  sessions_.erase(node);
  persist_codes(CredentialKind::bind_code, node);
  persist_codes(CredentialKind::join_token, node);
  persist_session(node);
}

void ActivationService::reply(const Address& to, std::uint64_t session, ActivationOutcome outcome,
                              CodeRejection reason, Duration retry_after) {
  ActivationReply r{to.node, session, outcome, reason, to_ms(retry_after)};
  platform_.send(to, Channel::firmware,
                 encode_envelope(MessageType::activation_reply, boot_epoch_, r.encode()));
}

bool ActivationService::on_request(const Address& from, std::span<const std::byte> payload) {
  auto request = ActivationRequest::decode(payload);
  if (!request || request->node != from.node) return false;  // a box activates itself only
  // A retry of the session already accepted is answered without the bucket: it costs no code
  // check, and throttling it would only stretch activations already admitted.
  auto it = sessions_.find(request->node);
  if (it != sessions_.end() && it->second.id == request->session) {
    reply(from, request->session,
          it->second.running ? ActivationOutcome::running : ActivationOutcome::accepted);
    return true;
  }
  if (const Duration wait = limiter_.admit(from.node, platform_.now()); wait > Duration::zero()) {
    ++rate_limited_;
    reply(from, request->session, ActivationOutcome::retry_later, CodeRejection::none,
          std::max(wait, Duration::milliseconds(1)));
    return true;
  }
  admit(from, *request);
  return true;
}

void ActivationService::admit(const Address& from, const ActivationRequest& request) {
  OneTimeCodeBook& book =
      request.kind == CredentialKind::bind_code ? bind_codes_ : join_tokens_.book();
  auto redeemed = book.redeem(request.node, request.credential);
  // Used, or one more wrong attempt towards a lockout.
  persist_codes(request.kind, request.node);
  if (!redeemed) {
    const CodeRefusal& refusal = redeemed.error();
    rejections_.count(refusal.reason);
    // The code itself is never logged: a rejected one may be a typo of the real one.
    platform_.events().emit("activation.rejected", {{"node", request.node},
                                                    {"reason", to_string(refusal.reason)},
                                                    {"attempt", request.attempt}});
    reply(from, request.session, ActivationOutcome::rejected, refusal.reason, refusal.retry_after);
    return;
  }
  ++accepted_;
  sessions_[request.node] = Session{request.session, false};
  persist_session(request.node);
  registry_.set_activation_status(request.node, "activating");
  platform_.events().emit("activation.accepted",
                          {{"node", request.node}, {"device_name", request.device_name}});
  reply(from, request.session, ActivationOutcome::accepted);
}

bool ActivationService::on_done(const Address& from, std::span<const std::byte> payload) {
  auto done = ActivationDone::decode(payload);
  if (!done || done->node != from.node) return false;
  auto it = sessions_.find(done->node);
  if (it == sessions_.end() || it->second.id != done->session) {
    reply(from, done->session, ActivationOutcome::rejected, CodeRejection::unknown_session);
    return true;
  }
  if (!it->second.running) {
    it->second.running = true;
    persist_session(done->node);
    registry_.set_activation_status(done->node, "running");
  }
  reply(from, done->session, ActivationOutcome::running);
  return true;
}

}  // namespace edgetwin::fw
