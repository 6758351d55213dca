#pragma once
// The node agent of a box: owns the box's components, wires their verdicts to each other
// (peer down -> failover; health -> VRRP priority; VRRP master -> VIP lease -> VIP), and routes
// datagrams to them.
#include <cstdint>
#include <memory>

#include "edgetwin/firmware/agent.hpp"
#include <map>
#include <string>

#include "edgetwin/firmware/cloud_link.hpp"
#include "edgetwin/firmware/health_monitor.hpp"
#include "edgetwin/firmware/inbox.hpp"
#include "edgetwin/firmware/node_config.hpp"
#include "edgetwin/firmware/peer_monitor.hpp"
#include "edgetwin/firmware/service_failover.hpp"
#include "edgetwin/firmware/vip_lease.hpp"
#include "edgetwin/firmware/vrrp_instance.hpp"

namespace edgetwin::fw {

class BoxAgent : public Agent {
 public:
  BoxAgent(Platform& platform, BoxConfig config);
  void boot() override;
  void on_datagram(const Address& from, Channel channel,
                   std::span<const std::byte> datagram) override;

  std::uint32_t boot_epoch() const { return boot_epoch_; }
  const Inbox& inbox() const { return inbox_; }
  const PeerMonitor* peers() const { return peers_.get(); }
  const CloudLink* cloud() const { return cloud_.get(); }
  const VrrpInstance* vrrp() const { return vrrp_.get(); }
  const HealthMonitor* health() const { return health_.get(); }

 private:
  std::uint32_t next_boot_epoch();
  void start_ha();
  void on_firmware_message(const Address& from, const Envelope& env);
  void grant_peer_lease(const Address& from, std::span<const std::byte> payload);

  Platform& platform_;
  BoxConfig config_;
  std::uint32_t boot_epoch_ = 0;
  Inbox inbox_;
  std::unique_ptr<PeerMonitor> peers_;
  std::unique_ptr<CloudLink> cloud_;
  std::unique_ptr<HealthMonitor> health_;
  std::unique_ptr<ServiceFailover> failover_;
  std::unique_ptr<VrrpInstance> vrrp_;
  std::unique_ptr<VipLease> lease_;
};

}  // namespace edgetwin::fw
