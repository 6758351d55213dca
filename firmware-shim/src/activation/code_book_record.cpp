// What the cloud persists of a code book (docs/orchestration.md, "What the cloud persists"): the
// keyed hashes of the codes it issued and each node's state (current code, used or not, wrong
// attempts, lockout), with the hashing key, never a code in clear. Without it, every code an
// operator handed out before a cloud crash would be refused afterwards, and a lockout would be
// lifted by crashing the cloud.
#include <sodium.h>

#include <limits>

#include "edgetwin/firmware/activation/bind_code_book.hpp"
#include "edgetwin/firmware/activation/hex_record.hpp"

namespace edgetwin::fw {
namespace {

using Json = nlohmann::json;

bool time_field(const Json& j, const char* key, Time& out) {
  if (!j.contains(key) || !j[key].is_number_integer()) return false;
  out = Time::from_ns(j[key].get<std::int64_t>());
  return true;
}

bool int_field(const Json& j, const char* key, int max, int& out) {
  if (!j.contains(key) || !j[key].is_number_integer()) return false;
  const auto v = j[key].get<std::int64_t>();
  if (v < 0 || v > max) return false;
  out = static_cast<int>(v);
  return true;
}

bool bool_field(const Json& j, const char* key, bool& out) {
  if (!j.contains(key) || !j[key].is_boolean()) return false;
  out = j[key].get<bool>();
  return true;
}

}  // namespace

Json OneTimeCodeBook::save_key() const { return hex_of(key_); }

bool OneTimeCodeBook::restore_key(const Json& record) {
  Hash key{};
  if (!from_hex(record, key)) return false;
  key_ = key;
  return true;
}

// One node's part of the book: its state and the codes issued to it (at most a few: the
// current one and replaced ones not yet expired).
Json OneTimeCodeBook::save_node(const std::string& node) const {
  Json codes = Json::array();
  for (const auto& [hash, code] : codes_)
    if (code.node == node)
      codes.push_back({{"hash", hex_of(hash)}, {"expires_at", code.expires_at.count_ns()}});
  const auto it = nodes_.find(node);
  if (it == nodes_.end()) return {{"state", nullptr}, {"codes", std::move(codes)}};
  const NodeState& s = it->second;
  return {{"state",
           {{"current", hex_of(s.current)},
            {"has_current", s.has_current},
            {"current_used", s.current_used},
            {"current_expires_at", s.current_expires_at.count_ns()},
            {"wrong_in_a_row", s.wrong_in_a_row},
            {"lockouts", s.lockouts},
            {"locked_until", s.locked_until.count_ns()}}},
          {"codes", std::move(codes)}};
}

// All or nothing, within the book's bounds.
bool OneTimeCodeBook::restore_node(const std::string& node, const Json& r) {
  if (!r.is_object() || !r.contains("codes") || !r["codes"].is_array() || !r.contains("state") ||
      codes_.size() + r["codes"].size() > kCodesMax)
    return false;
  std::map<Hash, Code> codes;
  for (const Json& c : r["codes"]) {
    Hash h{};
    Code code{node, {}};
    if (!c.is_object() || !c.contains("hash") || !from_hex(c["hash"], h) ||
        !time_field(c, "expires_at", code.expires_at) || codes_.contains(h))
      return false;
    codes[h] = std::move(code);
  }
  std::optional<NodeState> state;
  if (const Json& n = r["state"]; !n.is_null()) {
    NodeState s;
    if (!n.is_object() || !n.contains("current") || !from_hex(n["current"], s.current) ||
        !bool_field(n, "has_current", s.has_current) ||
        !bool_field(n, "current_used", s.current_used) ||
        !time_field(n, "current_expires_at", s.current_expires_at) ||
        !int_field(n, "wrong_in_a_row", config_.wrong_attempts_max, s.wrong_in_a_row) ||
        !int_field(n, "lockouts", std::numeric_limits<int>::max(), s.lockouts) ||
        !time_field(n, "locked_until", s.locked_until))
      return false;
    state = s;
  }
  for (auto& [h, code] : codes) {
    by_expiry_.emplace(code.expires_at, h);
    codes_[h] = std::move(code);
  }
  if (state) nodes_[node] = *state;
  return true;
}

}  // namespace edgetwin::fw
