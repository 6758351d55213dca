#pragma once
// The firmware of a site witness that is not a box (the site NAS): it grants VIP leases to the
// boxes on its roster (its site's) and serves the volumes of NAS-backed data services
// (data_service_volume_server.hpp).
#include <string>

#include "edgetwin/firmware/agents/agent_stats.hpp"
#include "edgetwin/firmware/data/data_service_volume_server.hpp"
#include "edgetwin/firmware/ha/lease_server.hpp"
#include "edgetwin/firmware/wire/inbox.hpp"
#include "edgetwin/firmware/wire/sealing_platform.hpp"

namespace edgetwin::fw {

class WitnessAgent : public NodeAgent {
 public:
  // `name` as the site's boxes know it; `keys.site`: the site's key (wire_keys.hpp).
  WitnessAgent(Platform& platform, std::string name, WireKeys keys, const LeaseRoster& roster)
      : sealed_(platform, std::move(name), keys),
        platform_(sealed_),
        inbox_(std::move(keys)),
        leases_(platform_, roster),
        volumes_(platform_) {}
  void boot() override;
  void on_datagram(const Address& from, Channel channel,
                   std::span<const std::byte> datagram) override;
  AgentStats stats() const override;
  SealingPlatform* sealing() override { return &sealed_; }
  const Inbox& inbox() const { return inbox_; }
  const VolumeServer& volumes() const { return volumes_; }
  const LeaseServer& leases() const { return leases_; }

 private:
  SealingPlatform sealed_;  // the backend's platform, sealing every datagram sent
  Platform& platform_;      // sealed_
  std::uint32_t boot_epoch_ = 1;
  Inbox inbox_;
  LeaseServer leases_;
  VolumeServer volumes_;
};

}  // namespace edgetwin::fw
