#pragma once
// The node agent of a box: owns the box's components, wires their verdicts to each other
// (peer down -> failover; health -> VRRP priority; VRRP master -> VIP lease -> VIP), and routes
// datagrams to them.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "edgetwin/firmware/access/audit_log.hpp"
#include "edgetwin/firmware/access/console_command_ledger.hpp"
#include "edgetwin/firmware/activation/edge_console.hpp"
#include "edgetwin/firmware/agents/agent_stats.hpp"
#include "edgetwin/firmware/agents/box_config.hpp"
#include "edgetwin/firmware/alerts/condition_tracker.hpp"
#include "edgetwin/firmware/data/data_service.hpp"
#include "edgetwin/firmware/data/data_service_volume.hpp"
#include "edgetwin/firmware/ha/health_monitor.hpp"
#include "edgetwin/firmware/ha/peer_grants.hpp"
#include "edgetwin/firmware/ha/service_failover.hpp"
#include "edgetwin/firmware/ha/vip_lease.hpp"
#include "edgetwin/firmware/ha/vrrp_instance.hpp"
#include "edgetwin/firmware/heartbeat/cloud_link.hpp"
#include "edgetwin/firmware/heartbeat/peer_monitor.hpp"
#include "edgetwin/firmware/orchestration/desired_state_agent.hpp"
#include "edgetwin/firmware/rollout/deploy_agent.hpp"
#include "edgetwin/firmware/wire/inbox.hpp"
#include "edgetwin/firmware/wire/sealing_platform.hpp"

namespace edgetwin::fw {

class BoxAgent : public NodeAgent {
 public:
  BoxAgent(Platform& platform, BoxConfig config);
  void boot() override;
  // A clean stop (SIGTERM on a box): a VRRP master steps down with a priority-0 advert so that
  // its backup takes over after Skew_Time rather than Master_Down_Interval, drops the VIP, then
  // releases its lease to the peer and the witness, so that the backup's first lease request is
  // granted (Skew_Time plus one round trip in all). A crash, by definition, does not get here.
  void shutdown();
  void on_datagram(const Address& from, Channel channel,
                   std::span<const std::byte> datagram) override;
  AgentStats stats() const override;
  SealingPlatform* sealing() override { return &sealed_; }
  void check_invariants() const override;
  void prefetch() const override;

  std::uint32_t boot_epoch() const { return boot_epoch_; }
  const Inbox& inbox() const { return inbox_; }
  const PeerMonitor* peers() const { return peers_.get(); }
  const CloudLink* cloud() const { return cloud_.get(); }
  const ConditionTracker* conditions() const { return conditions_.get(); }
  const VrrpInstance* vrrp() const { return vrrp_.get(); }
  const VipLease* lease() const { return lease_.get(); }
  const HealthMonitor* health() const { return health_.get(); }
  const DesiredStateAgent* desired_state() const { return desired_.get(); }
  // The box's edge console (the super account iotedgeadmin), made on first use: it reads the
  // account from the disk, or installs it with its default password.
  EdgeConsole& edge_console();
  // The cloud's console commands this box ran (reset password), and the repeats it answered
  // from its ledger without running them again.
  std::uint64_t console_commands_run() const { return console_commands_run_; }
  std::uint64_t console_commands_repeated() const { return console_commands_repeated_; }
  const AuditLog& audit() const { return audit_; }
  // Replicated data services by app.
  const std::map<std::string, std::unique_ptr<DataService>>& data_services() const { return data_; }
  // NAS-backed data services by app.
  const std::map<std::string, std::unique_ptr<VolumeDataService>>& volume_services() const {
    return volumes_;
  }

 private:
  std::uint32_t next_boot_epoch();
  void start_ha();
  void start_desired_state();
  void on_firmware_message(const Address& from, const Envelope& env);
  void grant_peer_lease(const Address& from, std::uint32_t epoch,
                        std::span<const std::byte> payload);
  void take_peer_release(std::uint32_t epoch, const LeaseRelease& release);
  void start_data_services();
  void update_data_roles();
  bool on_data_message(const Address& from, const Envelope& env);
  bool on_console_command(const Address& from, std::span<const std::byte> payload);
  ConsoleCommandResult run_console_command(const ConsoleCommand& command);

  SealingPlatform sealed_;  // the backend's platform, sealing every datagram sent
  Platform& platform_;      // sealed_: what every component is handed
  BoxConfig config_;
  std::uint32_t boot_epoch_ = 0;
  Inbox inbox_;
  std::unique_ptr<PeerMonitor> peers_;
  std::unique_ptr<CloudLink> cloud_;
  std::unique_ptr<ConditionTracker> conditions_;  // the cloud's monitoring and alerts
  std::unique_ptr<HealthMonitor> health_;
  std::unique_ptr<ServiceFailover> failover_;
  std::unique_ptr<VrrpInstance> vrrp_;
  std::unique_ptr<VipLease> lease_;
  PeerGrants peer_grants_;  // the leases this box granted its peer, which fence its own VIP
  std::uint64_t releases_honoured_ = 0;  // the peer's releases that ended its grants
  std::uint64_t releases_ignored_ = 0;
  std::map<std::string, std::unique_ptr<DataService>> data_;
  // The same services in data_'s order, for what runs after every event (prefetch, invariant
  // checks): one array instead of a walk over the map's nodes, each a cache line of its own.
  std::vector<DataService*> data_in_order_;
  std::map<std::string, std::unique_ptr<VolumeDataService>> volumes_;
  std::unique_ptr<DeployAgent> deploy_;
  std::unique_ptr<DesiredStateAgent> desired_;
  std::unique_ptr<EdgeConsole> edge_console_;
  std::unique_ptr<ConsoleCommandLedger> console_ledger_;  // made with the first command
  AuditLog audit_{platform_};  // the cloud's commands this box ran, and for whom
  std::uint64_t console_commands_run_ = 0;
  std::uint64_t console_commands_repeated_ = 0;
};

}  // namespace edgetwin::fw
