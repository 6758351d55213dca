#pragma once
// Cluster authorization (the console's "集群管理 > 授权"): a cluster's owner grants another
// account the deploy permission (deploy apps into the cluster) and/or the O&M permission
// (create nodes, delete nodes, get node scripts, edit the cluster). Only the owner grants, and
// nobody grants `owner`: a cluster has exactly one, the account that created it.
// Every command of the cloud console (agents/cloud_console.hpp) is checked here before it
// runs; each check, allowed or denied, is recorded in the audit log, and a denial names the
// missing permission.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "edgetwin/firmware/access/audit_log.hpp"

namespace edgetwin::fw {

enum class Permission : std::uint8_t { deploy = 1, om = 2, owner = 4 };
std::string_view to_string(Permission p);

// A set of permissions, as bits of Permission.
class PermissionSet {
 public:
  constexpr PermissionSet() = default;
  constexpr PermissionSet(std::initializer_list<Permission> ps) {
    for (auto p : ps) bits_ |= static_cast<std::uint8_t>(p);
  }
  constexpr bool has(Permission p) const { return (bits_ & static_cast<std::uint8_t>(p)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }

 private:
  std::uint8_t bits_ = 0;
};

// Every command of the cloud console.
enum class Command : std::uint8_t {
  app_deploy,
  app_upgrade,
  app_rollback,
  app_delete,
  app_scale,
  rollout_start,
  rollout_pause,
  rollout_resume,
  rollout_abort,
  node_create,
  node_delete,
  node_script,
  bind_code_issue,  // "activate device": a node's bind code
  cluster_edit,
  cluster_authorize,     // grant and revoke
  user_create,           // the account's "new user" of a cluster (phone required and unique)
  password_reset,        // the edge user center's "reset password" of a node's edge console
  rollout_retry_failed,  // the rollout's failed sites go again
  node_replace,          // a swapped box or a lost disk: the node activates again, new code
};
inline constexpr std::array kCommands{
    Command::app_deploy,      Command::app_upgrade,    Command::app_rollback,
    Command::app_delete,      Command::app_scale,      Command::rollout_start,
    Command::rollout_pause,   Command::rollout_resume, Command::rollout_abort,
    Command::node_create,     Command::node_delete,    Command::node_script,
    Command::bind_code_issue, Command::cluster_edit,   Command::cluster_authorize,
    Command::user_create,     Command::password_reset, Command::rollout_retry_failed,
    Command::node_replace};
std::string_view to_string(Command c);
Permission required_permission(Command c);

struct Denial {
  Command command;
  Permission missing;
  std::string message;  // e.g. "alice lacks the deploy permission on cluster c1 (app_upgrade)"
};

class ClusterAuthorization {
 public:
  static constexpr std::size_t kGrantsMax = 1'000'000;

  explicit ClusterAuthorization(AuditLog& audit) : audit_(audit) {}

  // False if the cluster already has an owner.
  bool add_cluster(const std::string& cluster, const std::string& owner);
  // Sets `grantee`'s permissions on `cluster` (empty: none). Denied unless `actor` owns the
  // cluster, and always for a set that holds `owner` or a grantee that is the owner.
  std::optional<Denial> grant(const std::string& actor, const std::string& cluster,
                              const std::string& grantee, PermissionSet permissions);
  std::optional<Denial> revoke(const std::string& actor, const std::string& cluster,
                               const std::string& grantee);
  // nullopt: `actor` may run `command` on `cluster`. Recorded in the audit log either way.
  std::optional<Denial> check(const std::string& actor, const std::string& cluster, Command command,
                              std::string_view target = {});
  PermissionSet permissions_of(const std::string& actor, const std::string& cluster) const;

 private:
  Denial deny(const std::string& actor, const std::string& cluster, std::string_view target,
              std::string why);

  AuditLog& audit_;
  std::map<std::string, std::string> owner_;                             // cluster -> owner
  std::map<std::pair<std::string, std::string>, PermissionSet> grants_;  // (cluster, account)
};

}  // namespace edgetwin::fw
