#include "edgetwin/firmware/activation/bind_code_book.hpp"

#include <sodium.h>

#include <algorithm>
#include <span>

#include "edgetwin/firmware/access/password_hash.hpp"
#include "edgetwin/firmware/base/invariant.hpp"

namespace edgetwin::fw {

OneTimeCodeBook::OneTimeCodeBook(Platform& platform, CodeBookConfig config)
    : platform_(platform), config_(config) {
  EDGETWIN_ASSERT(config_.code_hex_chars > 0 && config_.code_hex_chars <= 64,
                  "a code has 1 to 64 hex characters");
  EDGETWIN_ASSERT(config_.wrong_attempts_max > 0, "a lockout needs at least one wrong code");
  ensure_sodium_initialised();
  platform_.secure_bytes(std::as_writable_bytes(std::span(key_)));
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
  std::array<std::byte, 32> bytes{};  // 64 hex characters at most (the constructor checks)
  platform_.secure_bytes(std::span(bytes).first((config_.code_hex_chars + 1) / 2));
  std::string code;
  for (std::size_t i = 0; i < config_.code_hex_chars; ++i) {
    const auto byte = std::to_integer<unsigned>(bytes[i / 2]);
    code.push_back(kHex[(i % 2 == 0 ? byte : byte >> 4) & 0xf]);
  }
  sodium_memzero(bytes.data(), bytes.size());
  return code;
}

void OneTimeCodeBook::forget(const Hash& h) {
  auto it = codes_.find(h);
  if (it == codes_.end()) return;
  by_expiry_.erase({it->second.expires_at, h});
  codes_.erase(it);
}

// Expired codes leave the book; a node's state still answers `expired` for its current one.
void OneTimeCodeBook::prune_expired() {
  const Time now = platform_.now();
  while (!by_expiry_.empty() && by_expiry_.begin()->first <= now) {
    codes_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
  EDGETWIN_ASSERT(codes_.size() == by_expiry_.size(), "every code held has its expiry entry");
}

Result<std::string, IssueError> OneTimeCodeBook::issue(const std::string& node) {
  using R = Result<std::string, IssueError>;
  prune_expired();
  if (codes_.size() >= kCodesMax) return R::failure(IssueError::too_many_codes);
  for (int draw = 0; draw < kIssueDrawsMax; ++draw) {
    std::string code = draw_code();
    const Hash h = hash_of(code);
    if (codes_.contains(h)) continue;  // never hand out a code that means something already
    const Time expires_at = platform_.now() + config_.ttl;
    codes_.emplace(h, Code{node, expires_at});
    by_expiry_.emplace(expires_at, h);
    NodeState& state = nodes_[node];
    state.current = h;
    state.has_current = true;
    state.current_used = false;
    state.current_expires_at = expires_at;
    return code;
  }
  return R::failure(IssueError::no_free_code);
}

void OneTimeCodeBook::revoke(const std::string& node) {
  std::erase_if(codes_, [&](const auto& entry) {
    if (entry.second.node != node) return false;
    by_expiry_.erase({entry.second.expires_at, entry.first});
    return true;
  });
  nodes_.erase(node);
}

Duration OneTimeCodeBook::lockout_remaining(const std::string& node) const {
  auto it = nodes_.find(node);
  if (it == nodes_.end() || it->second.locked_until <= platform_.now()) return Duration::zero();
  return it->second.locked_until - platform_.now();
}

// A wrong guess counts towards the lockout; the lockout that follows doubles each time.
CodeRefusal OneTimeCodeBook::refuse(NodeState& state, CodeRejection reason) {
  if (reason != CodeRejection::wrong) return {reason, {}};
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
  prune_expired();
  // A node that was never issued a code has nothing to guess: no state is made for it, so
  // guesses under made-up names cannot grow the book.
  auto found = nodes_.find(node);
  if (found == nodes_.end()) return R::failure({CodeRejection::wrong, {}});
  NodeState& state = found->second;
  if (state.locked_until > platform_.now())
    return R::failure({CodeRejection::locked_out, state.locked_until - platform_.now()});
  if (!well_formed(code)) return R::failure(refuse(state, CodeRejection::wrong));
  const Hash h = hash_of(code);
  const bool current =
      state.has_current && sodium_memcmp(h.data(), state.current.data(), h.size()) == 0;
  if (!current) return classify_other(state, node, h);
  if (state.current_used) return R::failure(refuse(state, CodeRejection::used));
  if (platform_.now() >= state.current_expires_at)
    return R::failure(refuse(state, CodeRejection::expired));
  state.current_used = true;
  forget(h);  // used: nothing in the book needs it any more
  state.wrong_in_a_row = 0;
  state.lockouts = 0;
  return Redeemed{node};
}

// Not the node's current code. One of its own earlier codes (replaced, not yet expired) says
// so; anything else, another node's live code included, is `wrong`: no oracle for guessers.
Result<Redeemed, CodeRefusal> OneTimeCodeBook::classify_other(NodeState& state,
                                                              const std::string& node,
                                                              const Hash& h) {
  using R = Result<Redeemed, CodeRefusal>;
  auto it = codes_.find(h);
  if (it == codes_.end() || it->second.node != node)
    return R::failure(refuse(state, CodeRejection::wrong));
  return R::failure(refuse(state, CodeRejection::expired));  // replaced by a newer code
}

}  // namespace edgetwin::fw
