// What the cloud persists of activation (docs/orchestration.md, "What the cloud persists"): each
// code book's hashing key and, node by node, its codes and state; each node's accepted session
// and whether it finished (its status in the node list: activating or running). Without them a
// restarted cloud would refuse every code handed out before its crash, forget a lockout, and
// keep activated nodes `created`, ignoring their reports for good.
#include <string>

#include "edgetwin/firmware/activation/activation_service.hpp"
#include "edgetwin/firmware/activation/hex_record.hpp"

namespace edgetwin::fw {
namespace {

using Json = nlohmann::json;

std::string book_prefix(CredentialKind kind) {
  return kind == CredentialKind::bind_code ? "cloud/codes/bind/" : "cloud/codes/join/";
}

std::string session_key(const std::string& node) { return "cloud/activation/" + node; }

void write_json(Disk& disk, const std::string& key, const Json& value) {
  const std::string text = value.dump();
  disk.write(key, {reinterpret_cast<const std::byte*>(text.data()), text.size()},
             Durability::synced);
}

Json read_json(const Disk& disk, const std::string& key) {
  const auto bytes = disk.read(key);
  if (!bytes) return Json(nullptr);
  const auto* text = reinterpret_cast<const char*>(bytes->data());
  return Json::parse(text, text + bytes->size(), nullptr, false);
}

}  // namespace

void ActivationService::start(std::uint32_t boot_epoch) {
  boot_epoch_ = boot_epoch;
  restore();
}

void ActivationService::persist_codes(CredentialKind kind, const std::string& node) {
  OneTimeCodeBook& book = kind == CredentialKind::bind_code ? bind_codes_ : join_tokens_.book();
  write_json(platform_.disk(), book_prefix(kind) + "node/" + node, book.save_node(node));
}

void ActivationService::persist_session(const std::string& node) {
  const auto it = sessions_.find(node);
  if (it == sessions_.end()) {
    platform_.disk().remove(session_key(node));
    return;
  }
  // The box's enrolment public key too: the acceptance and the completion carry the cloud-link
  // key sealed to it, also when a restarted cloud answers them (the key is in its own record).
  write_json(platform_.disk(), session_key(node),
             {{"session", it->second.id},
              {"running", it->second.running},
              {"enrolment_key", hex_of(it->second.enrolment_key)}});
}

// A record that does not fit is left out (that node's code must be issued again), never guessed.
void ActivationService::restore() {
  for (const CredentialKind kind : {CredentialKind::bind_code, CredentialKind::join_token}) {
    OneTimeCodeBook& book = kind == CredentialKind::bind_code ? bind_codes_ : join_tokens_.book();
    const std::string key = book_prefix(kind) + "key";
    if (!book.restore_key(read_json(platform_.disk(), key))) {
      write_json(platform_.disk(), key, book.save_key());  // first boot: this key from now on
      continue;
    }
    for (const auto& [node, row] : registry_.rows()) {
      const Json record = read_json(platform_.disk(), book_prefix(kind) + "node/" + node);
      if (!record.is_null()) book.restore_node(node, record);
    }
  }
  for (const auto& [node, row] : registry_.rows()) {
    const Json s = read_json(platform_.disk(), session_key(node));
    if (!s.is_object() || !s.contains("session") || !s["session"].is_number_unsigned() ||
        !s.contains("running") || !s["running"].is_boolean())
      continue;
    const bool running = s["running"].get<bool>();
    Session session{s["session"].get<std::uint64_t>(), running};
    if (!s.contains("enrolment_key") || !from_hex(s["enrolment_key"], session.enrolment_key))
      continue;
    sessions_[node] = session;  // its cloud key comes back with set_cloud_keys()
    registry_.set_activation_status(node, running ? "running" : "activating");
  }
}

}  // namespace edgetwin::fw
