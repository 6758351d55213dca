#pragma once
// The firmware of a site witness that is not a box (the site NAS): it grants VIP leases to the
// boxes on its roster (its site's) and serves the volumes of NAS-backed data services
// (data_service_volume_server.hpp).
#include "edgetwin/firmware/agents/agent_stats.hpp"
#include "edgetwin/firmware/data/data_service_volume_server.hpp"
#include "edgetwin/firmware/ha/lease_server.hpp"
#include "edgetwin/firmware/wire/inbox.hpp"

namespace edgetwin::fw {

class WitnessAgent : public NodeAgent {
 public:
  WitnessAgent(Platform& platform, const LeaseRoster& roster)
      : platform_(platform), leases_(platform, roster), volumes_(platform) {}
  void boot() override {}
  void on_datagram(const Address& from, Channel channel,
                   std::span<const std::byte> datagram) override;
  AgentStats stats() const override;
  const Inbox& inbox() const { return inbox_; }
  const VolumeServer& volumes() const { return volumes_; }
  const LeaseServer& leases() const { return leases_; }

 private:
  Platform& platform_;
  Inbox inbox_;
  LeaseServer leases_;
  VolumeServer volumes_;
};

}  // namespace edgetwin::fw
