#include "edgetwin/firmware/agents/cloud_console.hpp"

#include "edgetwin/firmware/agents/cloud_agent.hpp"

namespace edgetwin::fw {
namespace {

std::string issue_error_text(IssueError e) {
  switch (e) {
    case IssueError::too_many_codes:
      return "too many live codes: try again when some have expired";
    case IssueError::no_free_code:
      return "no free code: try again";
    case IssueError::unknown_node:
      return "no such node";
  }
  return "unknown";
}

}  // namespace

ConsoleResult CloudConsole::check(const std::string& actor, const std::string& cluster,
                                  Command command, const std::string& target) {
  if (auto denial = cloud_.authorization_.check(actor, cluster, command, target))
    return denial->message;
  return std::nullopt;
}

ConsoleResult CloudConsole::check_node(const std::string& actor, const std::string& cluster,
                                       Command command, const std::string& node) {
  if (auto denied = check(actor, cluster, command, node)) return denied;
  // O&M on one cluster is no licence for another cluster's nodes.
  const auto& rows = cloud_.registry_.rows();
  auto it = rows.find(node);
  if (it == rows.end() || it->second.site != cluster)
    return "no node " + node + " in cluster " + cluster;
  return std::nullopt;
}

ConsoleResult CloudConsole::node_create(const std::string& actor, const std::string& cluster,
                                        const std::string& node) {
  if (auto denied = check(actor, cluster, Command::node_create, node)) return denied;
  NodeRegistry& registry = cloud_.registry_;
  if (registry.rows().contains(node)) return "node " + node + " exists";
  if (registry.rows().size() >= NodeRegistry::kNodesMax) return "too many nodes";
  registry.enroll_created(node, cluster);  // awaits activation with its bind code
  cloud_.platform_.events().emit("node.created",
                                 {{"site", cluster}, {"box", node}, {"actor", actor}});
  return std::nullopt;
}

ConsoleResult CloudConsole::node_delete(const std::string& actor, const std::string& cluster,
                                        const std::string& node) {
  if (auto denied = check_node(actor, cluster, Command::node_delete, node)) return denied;
  cloud_.activation_.forget(node);  // its live codes die with it
  cloud_.console_commands_.forget(node);
  cloud_.registry_.remove(node);
  cloud_.platform_.events().emit("node.deleted",
                                 {{"site", cluster}, {"box", node}, {"actor", actor}});
  return std::nullopt;
}

ConsoleText CloudConsole::node_script(const std::string& actor, const std::string& cluster,
                                      const std::string& node) {
  if (auto denied = check_node(actor, cluster, Command::node_script, node))
    return ConsoleText::failure(*denied);
  auto script = cloud_.activation_.node_script(node);
  if (!script) return ConsoleText::failure(issue_error_text(script.error()));
  return script.value();
}

ConsoleText CloudConsole::bind_code_issue(const std::string& actor, const std::string& cluster,
                                          const std::string& node) {
  if (auto denied = check_node(actor, cluster, Command::bind_code_issue, node))
    return ConsoleText::failure(*denied);
  auto code = cloud_.activation_.issue_bind_code(node);
  if (!code) return ConsoleText::failure(issue_error_text(code.error()));
  return code.value();
}

ConsoleText CloudConsole::node_replace(const std::string& actor, const std::string& cluster,
                                       const std::string& node) {
  if (auto denied = check_node(actor, cluster, Command::node_replace, node))
    return ConsoleText::failure(*denied);
  auto code = cloud_.activation_.replace(node);
  if (!code) return ConsoleText::failure(issue_error_text(code.error()));
  cloud_.platform_.events().emit("node.replaced",
                                 {{"site", cluster}, {"box", node}, {"actor", actor}});
  return code.value();
}

ConsoleResult CloudConsole::cluster_edit(const std::string& actor, const std::string& cluster,
                                         ClusterInfo info) {
  if (auto denied = check(actor, cluster, Command::cluster_edit, cluster)) return denied;
  if (info.display_name.size() > kClusterTextBytesMax ||
      info.description.size() > kClusterTextBytesMax)
    return "a cluster's name and description have at most 256 bytes each";
  info_[cluster] = std::move(info);
  cloud_.platform_.events().emit("cluster.edited", {{"cluster", cluster}, {"actor", actor}});
  return std::nullopt;
}

ConsoleResult CloudConsole::create_user(const std::string& actor, const std::string& cluster,
                                        const std::string& username, std::string_view password,
                                        std::string_view phone) {
  if (auto denied = check(actor, cluster, Command::user_create, username)) return denied;
  if (!accounts_) accounts_.emplace(cloud_.platform_, PasswordHasher{});
  // The book learns the cluster and its owner (the actor, just checked) on first use.
  accounts_->add_account(actor);
  accounts_->create_cluster(actor, cluster);
  if (auto error = accounts_->add_cluster_user(cluster, username, password, phone))
    return std::string(to_string(*error));
  return std::nullopt;
}

ConsoleResult CloudConsole::reset_password(const std::string& actor, const std::string& cluster,
                                           const std::string& node) {
  if (auto denied = check_node(actor, cluster, Command::password_reset, node)) return denied;
  if (!cloud_.console_commands_.submit(ConsoleCommandKind::reset_password, node, cluster, actor))
    return "too many console commands waiting for their boxes: try again later";
  return std::nullopt;
}

const ClusterInfo* CloudConsole::cluster_info(const std::string& cluster) const {
  auto it = info_.find(cluster);
  return it == info_.end() ? nullptr : &it->second;
}

// A fleet-wide rollout changes the apps of every site it covers: deploy on each of them.
ConsoleResult CloudConsole::check_rollout(const std::string& actor, const RolloutConfig& config,
                                          Command command) {
  if (config.sites.empty()) return "the rollout covers no site";
  const std::string target = "rollout " + std::to_string(config.id);
  for (const RolloutSite& site : config.sites)
    if (auto denied = check(actor, site.name, command, target)) return denied;
  return std::nullopt;
}

ConsoleResult CloudConsole::rollout_start(const std::string& actor, RolloutConfig config) {
  if (auto denied = check_rollout(actor, config, Command::rollout_start)) return denied;
  // One rollout at a time: the next starts once the one before is over (its controller is kept,
  // its timers may still run a roll-back's checks).
  if (cloud_.rollout_ && !cloud_.rollout_->over())
    return "rollout " + std::to_string(cloud_.rollout_->config().id) +
           " is still under way on this cloud";
  if (auto bad = RolloutPlanner::check(config.plan, config.sites.size())) return *bad;
  cloud_.start_rollout(std::move(config));
  return std::nullopt;
}

ConsoleResult CloudConsole::rollout_command(const std::string& actor, Command command) {
  RolloutController* rollout = cloud_.rollout_.get();
  if (rollout == nullptr) return "no rollout";
  if (auto denied = check_rollout(actor, rollout->config(), command)) return denied;
  bool done = false;
  if (command == Command::rollout_pause) done = rollout->pause();
  if (command == Command::rollout_resume) done = rollout->resume();
  if (command == Command::rollout_abort) done = rollout->abort();
  if (command == Command::rollout_retry_failed) done = rollout->retry_failed();
  if (!done) return "the rollout cannot " + std::string(to_string(command)).substr(8) + " now";
  return std::nullopt;
}

ConsoleResult CloudConsole::rollout_pause(const std::string& actor) {
  return rollout_command(actor, Command::rollout_pause);
}

ConsoleResult CloudConsole::rollout_resume(const std::string& actor) {
  return rollout_command(actor, Command::rollout_resume);
}

ConsoleResult CloudConsole::rollout_abort(const std::string& actor) {
  return rollout_command(actor, Command::rollout_abort);
}

ConsoleResult CloudConsole::rollout_retry_failed(const std::string& actor) {
  return rollout_command(actor, Command::rollout_retry_failed);
}

ConsoleResult CloudConsole::operate(const AppOperation& op) {
  // A scheduled rollout command (a scenario's rollout.pause / resume / abort / retry_failed): said
  // as an event whatever its outcome, since nobody reads the console's answer.
  if (op.command == Command::rollout_pause || op.command == Command::rollout_resume ||
      op.command == Command::rollout_abort || op.command == Command::rollout_retry_failed) {
    const ConsoleResult why = rollout_command(op.actor, op.command);
    cloud_.platform_.events().emit("rollout.command", {{"actor", op.actor},
                                                       {"command", to_string(op.command)},
                                                       {"outcome", why ? "refused" : "accepted"},
                                                       {"why", why.value_or("")}});
    return why;
  }
  // The orchestrator checks (and audits) the operation itself, with the same authorization.
  if (cloud_.orchestrator_) return cloud_.orchestrator_->operate(op);
  if (auto denied = check(op.actor, op.site, op.command, op.app)) return denied;
  return "this cloud manages no apps";
}

ConsoleResult CloudConsole::grant(const std::string& actor, const std::string& cluster,
                                  const std::string& grantee, PermissionSet permissions) {
  if (auto denial = cloud_.authorization_.grant(actor, cluster, grantee, permissions))
    return denial->message;
  return std::nullopt;
}

ConsoleResult CloudConsole::revoke(const std::string& actor, const std::string& cluster,
                                   const std::string& grantee) {
  return grant(actor, cluster, grantee, {});
}

}  // namespace edgetwin::fw
