#include "edgetwin/firmware/access/audit_log.hpp"

namespace edgetwin::fw {

void AuditLog::record(AuditEntry entry) {
  entry.t = platform_.now();
  nlohmann::ordered_json fields{{"actor", entry.actor},
                                {"cluster", entry.cluster},
                                {"command", entry.command},
                                {"outcome", entry.allowed ? "allowed" : "denied"}};
  if (!entry.target.empty()) fields["target"] = entry.target;
  if (!entry.allowed) fields["missing"] = entry.missing;
  platform_.events().emit("audit", std::move(fields));
  if (entries_.size() == kEntriesMax) {
    entries_.pop_front();
    ++dropped_;
  }
  entries_.push_back(std::move(entry));
}

}  // namespace edgetwin::fw
