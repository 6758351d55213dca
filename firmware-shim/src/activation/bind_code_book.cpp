#include "edgetwin/firmware/activation/bind_code_book.hpp"

#include <sodium.h>

#include <algorithm>
#include <cassert>

#include "edgetwin/firmware/access/password_hash.hpp"

namespace edgetwin::fw {

OneTimeCodeBook::OneTimeCodeBook(Platform& platform, CodeBookConfig config)
    : platform_(platform), config_(config) {
  assert(config_.code_hex_chars > 0 && config_.code_hex_chars <= 64);
  assert(config_.wrong_attempts_max > 0);
  ensure_sodium_initialised();
  for (std::size_t i = 0; i < key_.size(); i += 8) {
    const std::uint64_t r = platform_.rng().next_u64();
    for (std::size_t b = 0; b < 8; ++b) key_[i + b] = static_cast<unsigned char>(r >> (8 * b));
  }
}

OneTimeCodeBook::Hash OneTimeCodeBook::hash_of(std::string_view code) const {
  Hash h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(code.data()),
                     code.size(), key_.data(), key_.size());
  return h;
}

bool OneTimeCodeBook::well_formed(std::string_view code) const {
  return code.size() == config_.code_hex_chars && std::all_of(code.begin(), code.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string OneTimeCodeBook::draw_code() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string code;
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < config_.code_hex_chars; ++i) {
    if (i % 16 == 0) bits = platform_.rng().next_u64();
    code.push_back(kHex[bits & 0xf]);
    bits >>= 4;
  }
  return code;
}

Result<std::string, IssueError> OneTimeCodeBook::issue(const std::string& node) {
  using R = Result<std::string, IssueError>;
  if (codes_.size() >= kCodesMax) return R::failure(IssueError::too_many_codes);
  for (int draw = 0; draw < kIssueDrawsMax; ++draw) {
    std::string code = draw_code();
    const Hash h = hash_of(code);
    if (codes_.contains(h)) continue;  // never hand out a code that means something already
    codes_.emplace(h, Code{node, platform_.now() + config_.ttl, false});
    NodeState& state = nodes_[node];
    state.current = h;
    state.has_current = true;
    return code;
  }
  return R::failure(IssueError::no_free_code);
}

Duration OneTimeCodeBook::lockout_remaining(const std::string& node) const {
  auto it = nodes_.find(node);
  if (it == nodes_.end() || it->second.locked_until <= platform_.now()) return Duration::zero();
  return it->second.locked_until - platform_.now();
}

// A wrong guess counts towards the lockout; the lockout that follows doubles each time.
CodeRefusal OneTimeCodeBook::refuse(NodeState& state, CodeRejection reason) {
  if (reason != CodeRejection::wrong && reason != CodeRejection::other_node) return {reason, {}};
  if (++state.wrong_in_a_row < config_.wrong_attempts_max) return {reason, {}};
  Duration lockout = config_.lockout_initial;
  for (int i = 0; i < std::min(state.lockouts, kLockoutStepsMax) && lockout < config_.lockout_max;
       ++i)
    lockout = lockout * 2;
  lockout = std::min(lockout, config_.lockout_max);
  ++state.lockouts;
  state.wrong_in_a_row = 0;
  state.locked_until = platform_.now() + lockout;
  return {reason, lockout};
}

Result<Redeemed, CodeRefusal> OneTimeCodeBook::redeem(const std::string& node,
                                                      std::string_view code) {
  using R = Result<Redeemed, CodeRefusal>;
  NodeState& state = nodes_[node];
  if (state.locked_until > platform_.now())
    return R::failure({CodeRejection::locked_out, state.locked_until - platform_.now()});
  if (!well_formed(code)) return R::failure(refuse(state, CodeRejection::wrong));
  const Hash h = hash_of(code);
  const bool current =
      state.has_current && sodium_memcmp(h.data(), state.current.data(), h.size()) == 0;
  if (!current) return classify_other(state, node, h);
  Code& c = codes_.at(h);
  if (c.used) return R::failure(refuse(state, CodeRejection::used));
  if (platform_.now() >= c.expires_at) return R::failure(refuse(state, CodeRejection::expired));
  c.used = true;
  state.wrong_in_a_row = 0;
  state.lockouts = 0;
  return Redeemed{node};
}

// Not the node's current code: say why, so that the operator knows what to do.
Result<Redeemed, CodeRefusal> OneTimeCodeBook::classify_other(NodeState& state,
                                                              const std::string& node,
                                                              const Hash& h) {
  using R = Result<Redeemed, CodeRefusal>;
  auto it = codes_.find(h);
  if (it == codes_.end()) return R::failure(refuse(state, CodeRejection::wrong));
  if (it->second.node != node) return R::failure(refuse(state, CodeRejection::other_node));
  if (it->second.used) return R::failure(refuse(state, CodeRejection::used));
  return R::failure(refuse(state, CodeRejection::expired));  // replaced by a newer code
}

}  // namespace edgetwin::fw
