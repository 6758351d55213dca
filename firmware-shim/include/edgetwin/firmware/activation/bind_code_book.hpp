#pragma once
// The cloud's one-time codes for nodes: bind codes ("activate device" in the console: 8
// lowercase hex characters such as 52995ded) and, with a longer length, the join tokens of
// generic nodes' start scripts (join_token.hpp). A code is bound to one node, single-use and
// expiring; a newer code for a node replaces the older one. Codes and the hash key come from
// Platform::secure_bytes, never from rng(): one SplitMix64 output gives every later one, so a
// token seen in one start script would give the next node's. Codes are stored only as a keyed
// BLAKE2b hash (crypto_generichash): 32 bits of code would fall to a brute force of a leaked
// unkeyed table in seconds, so the key (never stored with the table) is what protects them.
// Comparison with the node's current code is constant-time (sodium_memcmp).
//
// No oracle: a code that is another node's (live or not) is answered `wrong`, as a code that
// is nobody's, so a guesser never learns it hit something. A node's own codes still say why
// (used, expired or replaced), which is what its operator needs.
//
// The book forgets: a code leaves it once it is used (the node's state keeps what its current
// code's answer is) or expired. So it holds at most the codes issued within one ttl and not
// yet used; kCodesMax bounds that, and an issue past it fails only until codes expire.
//
// After `wrong_attempts_max` wrong codes in a row a node is locked out, for a back-off that
// doubles with every lockout (lockout_initial, x2, ... lockout_max); a successful code clears
// both counts.
#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "edgetwin/firmware/activation/activation_messages.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/result.hpp"

namespace edgetwin::fw {

struct CodeBookConfig {
  std::size_t code_hex_chars = 8;
  Duration ttl = Duration::seconds(24 * 3600);
  int wrong_attempts_max = 5;
  Duration lockout_initial = Duration::seconds(60);
  Duration lockout_max = Duration::seconds(3600);
};

struct CodeRefusal {
  CodeRejection reason = CodeRejection::wrong;
  Duration retry_after{};  // locked_out only
};

enum class IssueError { too_many_codes, no_free_code, unknown_node };

struct Redeemed {
  std::string node;
};

class OneTimeCodeBook {
 public:
  static constexpr std::size_t kHashBytes = 32;
  // Bound on codes remembered (unexpired, unused: current and replaced ones): a fleet of
  // 100'000 nodes re-issuing a code each now and then within one ttl.
  static constexpr std::size_t kCodesMax = 400'000;
  // Redraws when a fresh code collides with a remembered one (2^-32 per draw for bind codes).
  static constexpr int kIssueDrawsMax = 16;
  // Bound on the lockout doubling: past it the lockout is lockout_max anyway.
  static constexpr int kLockoutStepsMax = 32;

  OneTimeCodeBook(Platform& platform, CodeBookConfig config);

  // A fresh code for `node` (the only time it exists in clear), replacing its previous one.
  Result<std::string, IssueError> issue(const std::string& node);
  // Consumes `code` for `node` if it is that node's current, unexpired, unused code.
  Result<Redeemed, CodeRefusal> redeem(const std::string& node, std::string_view code);

  // The node was deleted: its codes mean nothing any more, and its state goes.
  void revoke(const std::string& node);

  bool well_formed(std::string_view code) const;
  Duration lockout_remaining(const std::string& node) const;
  const CodeBookConfig& config() const { return config_; }
  std::size_t codes_held() const { return codes_.size(); }
  // The book as the cloud persists it, node by node (keyed hashes, never a code in clear), and
  // its hashing key; back into a fresh book (code_book_record.cpp). A restore is false, and
  // changes nothing, for a record that does not fit.
  nlohmann::json save_key() const;
  bool restore_key(const nlohmann::json& record);
  nlohmann::json save_node(const std::string& node) const;
  bool restore_node(const std::string& node, const nlohmann::json& record);
  std::size_t nodes_held() const { return nodes_.size(); }

 private:
  using Hash = std::array<unsigned char, kHashBytes>;
  struct Code {
    std::string node;
    Time expires_at;
  };
  struct NodeState {
    Hash current{};
    bool has_current = false;
    bool current_used = false;  // the current code was consumed (and left codes_)
    Time current_expires_at;
    int wrong_in_a_row = 0;
    int lockouts = 0;
    Time locked_until;
  };

  Hash hash_of(std::string_view code) const;
  std::string draw_code();
  void forget(const Hash& h);
  void prune_expired();
  CodeRefusal refuse(NodeState& state, CodeRejection reason);
  Result<Redeemed, CodeRefusal> classify_other(NodeState& state, const std::string& node,
                                               const Hash& h);

  Platform& platform_;
  CodeBookConfig config_;
  Hash key_{};
  // Ordered by hash, which reveals nothing about the codes without the key.
  std::map<Hash, Code> codes_;
  std::set<std::pair<Time, Hash>> by_expiry_;  // the same codes, soonest to expire first
  std::map<std::string, NodeState> nodes_;
};

}  // namespace edgetwin::fw
