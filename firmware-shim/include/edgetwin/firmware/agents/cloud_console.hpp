#pragma once
// The cloud console's commands (cluster management, the node list, authorization, the
// rollout, the apps), each run as an account. Every one is checked against the cluster's
// permissions (access/authorization.hpp: the manual's deploy and O&M grants, granting for the
// owner) before it runs, and every check, allowed or denied, is audited. There is no way
// around it: the commands that make secrets (a bind code, a node script) or change who may do
// what (grants) take the actor like the others, and a node named in a command must belong to
// the cluster the permission was checked on.
//
// Composes the cloud's subsystems (activation, heartbeat, rollout, orchestration, access), so
// it lives with the cloud agent in agents/.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "edgetwin/firmware/access/accounts.hpp"
#include "edgetwin/firmware/access/authorization.hpp"
#include "edgetwin/firmware/base/result.hpp"
#include "edgetwin/firmware/orchestration/app_orchestrator.hpp"
#include "edgetwin/firmware/rollout/rollout_controller.hpp"

namespace edgetwin::fw {

class CloudAgent;

// The cluster's basic information, what "edit cluster" changes.
struct ClusterInfo {
  std::string display_name;
  std::string description;
};

// nullopt when the command ran; otherwise why not (a denial names the missing permission).
using ConsoleResult = std::optional<std::string>;
using ConsoleText = Result<std::string, std::string>;

class CloudConsole {
 public:
  static constexpr std::size_t kClusterTextBytesMax = 256;

  explicit CloudConsole(CloudAgent& cloud) : cloud_(cloud) {}

  // O&M.
  ConsoleResult node_create(const std::string& actor, const std::string& cluster,
                            const std::string& node);
  ConsoleResult node_delete(const std::string& actor, const std::string& cluster,
                            const std::string& node);
  ConsoleText node_script(const std::string& actor, const std::string& cluster,
                          const std::string& node);
  ConsoleText bind_code_issue(const std::string& actor, const std::string& cluster,
                              const std::string& node);
  // A node's box was swapped or lost its disk (docs/activation.md, "Box replacement"): the
  // node keeps its name and its place in the cluster but goes back to `created`; its session,
  // its unused codes and its cloud-link key are void (the old box is trusted no more), and a
  // new bind code is issued for the new box's first-boot dialogue. The answer is that code.
  ConsoleText node_replace(const std::string& actor, const std::string& cluster,
                           const std::string& node);
  ConsoleResult cluster_edit(const std::string& actor, const std::string& cluster,
                             ClusterInfo info);
  // Deploy, on every site the rollout covers.
  ConsoleResult rollout_start(const std::string& actor, RolloutConfig config);
  ConsoleResult rollout_pause(const std::string& actor);
  ConsoleResult rollout_resume(const std::string& actor);
  ConsoleResult rollout_abort(const std::string& actor);
  ConsoleResult rollout_retry_failed(const std::string& actor);
  // Deploy: app deploy/upgrade/rollback/delete/scale and component requests (AppOrchestrator).
  ConsoleResult operate(const AppOperation& op);
  // The owner only; nobody grants `owner`.
  ConsoleResult grant(const std::string& actor, const std::string& cluster,
                      const std::string& grantee, PermissionSet permissions);
  ConsoleResult revoke(const std::string& actor, const std::string& cluster,
                       const std::string& grantee);

  // Accounts ("账号管理 > 新建账号"): a user of the cluster, the owner only; the phone is
  // required and unique across every cluster's users (accounts.hpp).
  ConsoleResult create_user(const std::string& actor, const std::string& cluster,
                            const std::string& username, std::string_view password,
                            std::string_view phone);
  // The edge user center's "reset password" (O&M; `node` one of the cluster's nodes): allowed
  // here, then carried to the box over its cloud link as a console command (re-sent until the
  // box answers: access/console_command_queue.hpp), whose edge console goes back to its
  // default password (activation/edge_console.hpp). nullopt: the command is on its way.
  ConsoleResult reset_password(const std::string& actor, const std::string& cluster,
                               const std::string& node);

  const ClusterInfo* cluster_info(const std::string& cluster) const;
  // The clusters' users; nullptr until the first one is created.
  const AccountBook* accounts() const { return accounts_ ? &*accounts_ : nullptr; }

 private:
  ConsoleResult check(const std::string& actor, const std::string& cluster, Command command,
                      const std::string& target);
  // The permission check, then that `node` is one of `cluster`'s nodes.
  ConsoleResult check_node(const std::string& actor, const std::string& cluster, Command command,
                           const std::string& node);
  ConsoleResult check_rollout(const std::string& actor, const RolloutConfig& config,
                              Command command);
  ConsoleResult rollout_command(const std::string& actor, Command command);

  CloudAgent& cloud_;
  std::map<std::string, ClusterInfo> info_;  // only clusters that exist (checked first)
  std::optional<AccountBook> accounts_;      // made with the first user (it hashes passwords)
};

}  // namespace edgetwin::fw
