#pragma once
// What a box knows about itself and its site at boot: its identity, its hardware, its peers
// and its timing. On a real box this comes from its configuration; in the twin, from the fleet.
#include <string>
#include <vector>

#include <optional>

#include "edgetwin/firmware/address.hpp"
#include "edgetwin/firmware/data_service_config.hpp"
#include "edgetwin/firmware/health_config.hpp"
#include "edgetwin/firmware/service_failover.hpp"
#include "edgetwin/firmware/time.hpp"
#include "edgetwin/firmware/vrrp_config.hpp"

namespace edgetwin::fw {

struct HeartbeatTiming {
  Duration peer_interval = Duration::milliseconds(1000);
  Duration peer_timeout = Duration::milliseconds(3000);
  Duration cloud_interval = Duration::milliseconds(10000);
  Duration cloud_timeout = Duration::milliseconds(30000);  // box: cloud link down; cloud: offline
};

struct BoxHardware {
  int cpus = 0;
  int memory_gib = 0;
  int ssd_gib = 0;
};

// The site's service VIP: VRRP between the boxes, fenced by a lease from the peer or the
// witness (see vip_lease.hpp), with the priority tracking the health of critical containers.
struct HaConfig {
  bool enabled = false;  // a site with a VIP and a peer
  VrrpConfig vrrp;
  std::optional<Address> witness;  // the NAS or the cloud; none: plain VRRP
  int track_weight = -60;          // keepalived track_script weight while unhealthy
};

struct BoxConfig {
  std::string name;
  std::string site;
  std::string ip;
  BoxHardware hardware;
  std::vector<Address> peers;  // the other boxes of the site
  Address cloud = kCloudAddress;
  HeartbeatTiming timing;
  HaConfig ha;
  HealthConfig health;
  std::optional<FailoverConfig> failover;  // moving stateless replicas off a dead peer
  std::vector<DataServiceConfig> data;     // replicated data services (data_service.hpp)
  std::vector<VolumeConfig> volumes;       // NAS-backed data services (data_service_volume.hpp)
};

}  // namespace edgetwin::fw
