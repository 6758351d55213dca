#pragma once
// The cloud control plane's agent: keeps the node list, acknowledges node reports, and grants
// VIP leases to the sites whose witness is the cloud.
#include <memory>
#include <optional>
#include <string>

#include "edgetwin/firmware/access/audit_log.hpp"
#include "edgetwin/firmware/access/console_command_queue.hpp"
#include "edgetwin/firmware/access/authorization.hpp"
#include "edgetwin/firmware/activation/activation_service.hpp"
#include "edgetwin/firmware/agents/agent_stats.hpp"
#include "edgetwin/firmware/agents/cloud_console.hpp"
#include "edgetwin/firmware/alerts/alert_engine.hpp"
#include "edgetwin/firmware/ha/lease_server.hpp"
#include "edgetwin/firmware/heartbeat/node_registry.hpp"
#include "edgetwin/firmware/orchestration/app_orchestrator.hpp"
#include "edgetwin/firmware/rollout/rollout_controller.hpp"
#include "edgetwin/firmware/wire/inbox.hpp"
#include "edgetwin/firmware/wire/issued_cloud_keys.hpp"
#include "edgetwin/firmware/wire/sealing_platform.hpp"

namespace edgetwin::fw {

struct CloudInventoryEntry {
  std::string name;
  std::string site;
  // The longest VIP lease the cloud grants this box's site as its witness (two advert intervals;
  // the twin fills it from the fleet). The shortest of a site's entries applies.
  std::uint32_t lease_max_ms = LeaseSite::kLeaseMaxMs;
};

// The cloud witness's roster: every site of the inventory, with its boxes.
LeaseRoster lease_roster(const std::vector<CloudInventoryEntry>& inventory);

class CloudAgent : public NodeAgent {
 public:
  // `keys.cloud_root`: every box's enrolment key derives from it (wire_keys.hpp); the keys it
  // issues at activation go to `keys.issued` (made here when absent) and its disk; none: the
  // cloud hears nobody.
  CloudAgent(Platform& platform, std::vector<CloudInventoryEntry> inventory,
             Duration offline_after, ActivationServiceConfig activation = {}, WireKeys keys = {});
  // The fleet-wide rollout this cloud runs from boot on (a scenario's `rollout`).
  void set_rollout(RolloutConfig config) { rollout_config_ = std::move(config); }
  // A rollout the console starts `config.start_after` after boot, as the clusters' owner, once
  // the one before it has ended (a scenario's later `rollouts`); refused, and said so, if not.
  void add_later_rollout(RolloutConfig config) { later_rollouts_.push_back(std::move(config)); }
  // The rollout under way or the last one that ran; nullptr before the first.
  const RolloutController* rollout() const { return rollout_.get(); }
  // The sites' apps this cloud manages (app lifecycle, app_orchestrator.hpp).
  void set_orchestration(OrchestratorConfig config) { orchestration_config_ = std::move(config); }
  // An operation the console runs `after` the cloud boots (a scheduled maintenance window).
  void schedule_operation(Duration after, AppOperation op) {
    scheduled_.emplace_back(after, std::move(op));
  }
  AppOrchestrator* orchestrator() { return orchestrator_.get(); }
  const AppOrchestrator* orchestrator() const { return orchestrator_.get(); }
  const AuditLog& audit() const { return audit_; }
  // The console's commands, each authorized and audited (cloud_console.hpp).
  CloudConsole& console() { return console_; }
  const ClusterAuthorization& authorization() const { return authorization_; }
  // Who owns every site's cluster without an orchestration config (which names its own).
  void set_cluster_owner(std::string owner) { cluster_owner_ = std::move(owner); }
  const std::string& cluster_owner() const {
    return orchestration_config_ ? orchestration_config_->owner : cluster_owner_;
  }
  void boot() override;
  void on_datagram(const Address& from, Channel channel,
                   std::span<const std::byte> datagram) override;
  AgentStats stats() const override;
  SealingPlatform* sealing() override { return &sealed_; }
  void check_invariants() const override;

  const NodeRegistry& registry() const { return registry_; }
  const Inbox& inbox() const { return inbox_; }
  // The cloud-link keys issued so far (null without keys).
  const IssuedCloudKeys* issued_keys() const { return issued_keys_.get(); }
  const LeaseServer& leases() const { return leases_; }
  // Host and app monitoring, and the alerts raised from them (alert_engine.hpp).
  AlertEngine& alerts() { return alerts_; }
  const AlertEngine& alerts() const { return alerts_; }
  ActivationService& activation() { return activation_; }
  // The console's commands on their way to boxes (a password reset), re-sent until answered.
  const ConsoleCommandQueue& console_commands() const { return console_commands_; }
  const ActivationService& activation() const { return activation_; }

 private:
  friend class CloudConsole;
  CloudAgent(Platform& platform, std::vector<CloudInventoryEntry> inventory,
             Duration offline_after, ActivationServiceConfig activation, WireKeys keys, int);
  void register_clusters();
  void start_rollout(RolloutConfig config);  // create_rollout, then wire_rollout
  void create_rollout(RolloutConfig config);
  void wire_rollout();
  void start_rollouts();
  void start_later_rollout(RolloutConfig config);
  static Time first_boot(Disk& disk, Time now);
  Duration remaining(Duration after) const;  // of a delay counted from the first boot
  RolloutController* rollout_by_id(std::uint32_t id);
  bool on_deploy_status(const Address& from, std::span<const std::byte> payload);
  void start_orchestration();
  void start_alerts();
  bool site_activated(const std::string& site) const;
  void on_condition_report(const Address& from, const Envelope& env);

  SealingPlatform sealed_;  // the backend's platform, sealing every datagram sent
  std::shared_ptr<IssuedCloudKeys> issued_keys_;  // shared with sealed_ and inbox_
  Platform& platform_;      // sealed_
  std::vector<CloudInventoryEntry> inventory_;
  Inbox inbox_;
  NodeRegistry registry_;
  LeaseServer leases_;  // the cloud is the VIP witness of sites with `ha.witness: cloud`
  ActivationService activation_;
  std::uint32_t boot_epoch_ = 0;
  Duration up_for_ = Duration::zero();  // since the first boot (restarts included)
  std::optional<RolloutConfig> rollout_config_;
  std::unique_ptr<RolloutController> rollout_;
  std::vector<RolloutConfig> later_rollouts_;
  // Rollouts that ended: kept, since a roll-back they began may still be checking its sites
  // and their boxes may still report.
  std::vector<std::unique_ptr<RolloutController>> ended_rollouts_;
  AuditLog audit_;
  ClusterAuthorization authorization_{audit_};
  std::string cluster_owner_ = "admin";
  CloudConsole console_{*this};
  ConsoleCommandQueue console_commands_{platform_};
  std::optional<OrchestratorConfig> orchestration_config_;
  std::unique_ptr<AppOrchestrator> orchestrator_;
  std::vector<std::pair<Duration, AppOperation>> scheduled_;
  AlertEngine alerts_;
};

}  // namespace edgetwin::fw
