#pragma once
// What a box knows at boot: its identity (node_identity.hpp) and how each of its subsystems is
// configured. On a real box this comes from its configuration; in the twin, from the fleet.
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/access/password_hash.hpp"
#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/base/node_identity.hpp"
#include "edgetwin/firmware/base/time.hpp"
#include "edgetwin/firmware/data/data_service_config.hpp"
#include "edgetwin/firmware/ha/health_config.hpp"
#include "edgetwin/firmware/ha/service_failover.hpp"
#include "edgetwin/firmware/ha/vrrp_config.hpp"
#include "edgetwin/firmware/wire/wire_keys.hpp"

namespace edgetwin::fw {

// The site's service VIP: VRRP between the boxes, fenced by a lease from the peer or the
// witness (see vip_lease.hpp), with the priority tracking the health of critical containers.
struct HaConfig {
  bool enabled = false;  // a site with a VIP and a peer
  VrrpConfig vrrp;
  std::optional<Address> witness;  // the NAS or the cloud; none: plain VRRP
  int track_weight = -60;          // keepalived track_script weight while unhealthy
};

// Everything a box agent composes: its identity, and the configuration of each subsystem.
struct BoxConfig : NodeIdentity {
  WireKeys keys;  // the site's and this box's cloud key (wire_keys.hpp); none: deaf and mute
  HaConfig ha;
  HealthConfig health;
  std::optional<FailoverConfig> failover;  // moving stateless replicas off a dead peer
  std::vector<DataServiceConfig> data;     // replicated data services (data_service.hpp)
  // The rollout's install time (deploy_agent.hpp): the disk's rate, 0 for a fixed time per image.
  double disk_bytes_per_s = 0;
  // The first back-off after a failed image pull (doubling per try); none: the DeployAgent's.
  std::optional<Duration> pull_retry_base;
  std::vector<VolumeConfig> volumes;       // NAS-backed data services (data_service_volume.hpp)
  // The cost of the edge console's password hashes (password_hash.hpp): a real box's is
  // interactive; the twin and unit tests take the smallest.
  PwhashCost console_hash_cost = PwhashCost::interactive();
};

}  // namespace edgetwin::fw
