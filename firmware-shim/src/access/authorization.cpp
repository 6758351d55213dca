#include "edgetwin/firmware/access/authorization.hpp"

namespace edgetwin::fw {

std::string_view to_string(Permission p) {
  switch (p) {
    case Permission::deploy:
      return "deploy";
    case Permission::om:
      return "O&M";
    case Permission::owner:
      return "owner";
  }
  return "unknown";
}

std::string_view to_string(Command c) {
  switch (c) {
    case Command::app_deploy:
      return "app_deploy";
    case Command::app_upgrade:
      return "app_upgrade";
    case Command::app_rollback:
      return "app_rollback";
    case Command::app_delete:
      return "app_delete";
    case Command::app_scale:
      return "app_scale";
    case Command::rollout_start:
      return "rollout_start";
    case Command::rollout_pause:
      return "rollout_pause";
    case Command::rollout_resume:
      return "rollout_resume";
    case Command::rollout_abort:
      return "rollout_abort";
    case Command::rollout_retry_failed:
      return "rollout_retry_failed";
    case Command::node_create:
      return "node_create";
    case Command::node_delete:
      return "node_delete";
    case Command::node_script:
      return "node_script";
    case Command::bind_code_issue:
      return "bind_code_issue";
    case Command::cluster_edit:
      return "cluster_edit";
    case Command::cluster_authorize:
      return "cluster_authorize";
    case Command::user_create:
      return "user_create";
    case Command::password_reset:
      return "password_reset";
    case Command::node_replace:
      return "node_replace";
  }
  return "unknown";
}

// The manual's two grants: deploy ("deploy apps in the cluster") covers what puts or changes
// apps in the cluster, a rollout of new versions included; O&M ("create nodes, delete them,
// their node script; edit the cluster") covers the cluster's nodes and settings, and a node's
// bind code is its EdgeBox counterpart of the node script. Granting stays with the owner, and
// so does making the cluster's users (who may sign on elsewhere with their phone). Resetting a
// node's edge console password is work on the cluster's nodes: O&M, and so is replacing a
// node's box.
Permission required_permission(Command c) {
  switch (c) {
    case Command::app_deploy:
    case Command::app_upgrade:
    case Command::app_rollback:
    case Command::app_delete:
    case Command::app_scale:
    case Command::rollout_start:
    case Command::rollout_pause:
    case Command::rollout_resume:
    case Command::rollout_abort:
    case Command::rollout_retry_failed:
      return Permission::deploy;
    case Command::node_create:
    case Command::node_delete:
    case Command::node_script:
    case Command::bind_code_issue:
    case Command::cluster_edit:
    case Command::password_reset:
    case Command::node_replace:
      return Permission::om;
    case Command::cluster_authorize:
    case Command::user_create:
      return Permission::owner;
  }
  return Permission::owner;  // unreachable: an unknown command needs the most
}

bool ClusterAuthorization::add_cluster(const std::string& cluster, const std::string& owner) {
  return owner_.emplace(cluster, owner).second;
}

PermissionSet ClusterAuthorization::permissions_of(const std::string& actor,
                                                   const std::string& cluster) const {
  auto owner = owner_.find(cluster);
  if (owner == owner_.end()) return {};
  if (owner->second == actor) return {Permission::owner, Permission::deploy, Permission::om};
  auto it = grants_.find({cluster, actor});
  return it == grants_.end() ? PermissionSet{} : it->second;
}

std::optional<Denial> ClusterAuthorization::check(const std::string& actor,
                                                  const std::string& cluster, Command command,
                                                  std::string_view target) {
  const Permission needed = required_permission(command);
  const bool allowed = permissions_of(actor, cluster).has(needed);
  audit_.record({{},
                 actor,
                 cluster,
                 std::string(to_string(command)),
                 std::string(target),
                 allowed,
                 allowed ? "" : std::string(to_string(needed))});
  if (allowed) return std::nullopt;
  const std::string why = owner_.contains(cluster) ? "" : " (no such cluster)";
  return Denial{command, needed,
                actor + " lacks the " + std::string(to_string(needed)) + " permission on cluster " +
                    cluster + why + " (" + std::string(to_string(command)) + ")"};
}

// A refusal after the permission check passed (the owner asked for something nobody may do):
// audited as a denial too, so the trail holds every decision.
Denial ClusterAuthorization::deny(const std::string& actor, const std::string& cluster,
                                  std::string_view target, std::string why) {
  audit_.record({{},
                 actor,
                 cluster,
                 std::string(to_string(Command::cluster_authorize)),
                 std::string(target),
                 false,
                 std::string(to_string(Permission::owner))});
  return Denial{Command::cluster_authorize, Permission::owner, std::move(why)};
}

std::optional<Denial> ClusterAuthorization::grant(const std::string& actor,
                                                  const std::string& cluster,
                                                  const std::string& grantee,
                                                  PermissionSet permissions) {
  // Ownership is not a grant: a second owner could grant and revoke behind the first's back.
  if (permissions.has(Permission::owner))
    return deny(actor, cluster, grantee,
                "nobody grants the owner permission (cluster " + cluster + ")");
  if (auto denied = check(actor, cluster, Command::cluster_authorize, grantee)) return denied;
  if (owner_.at(cluster) == grantee)
    return deny(actor, cluster, grantee, grantee + " owns cluster " + cluster);
  if (grants_.size() >= kGrantsMax && !grants_.contains({cluster, grantee}))
    return deny(actor, cluster, grantee, "too many grants");
  if (permissions.empty())
    grants_.erase({cluster, grantee});
  else
    grants_[{cluster, grantee}] = permissions;
  return std::nullopt;
}

std::optional<Denial> ClusterAuthorization::revoke(const std::string& actor,
                                                   const std::string& cluster,
                                                   const std::string& grantee) {
  return grant(actor, cluster, grantee, {});
}

}  // namespace edgetwin::fw
