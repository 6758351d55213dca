#pragma once
// Who a node is and whom it talks to: its name, site, address, hardware, peers, the cloud, and
// its heartbeat timing. The components that need only this (heartbeats, the condition tracker)
// take it instead of the whole box configuration, so they depend on no other subsystem.
#include <string>
#include <vector>

#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/base/time.hpp"

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

struct NodeIdentity {
  std::string name;
  std::string site;
  std::string ip;
  BoxHardware hardware;
  std::vector<Address> peers;  // the other boxes of the site
  Address cloud = kCloudAddress;
  HeartbeatTiming timing;
};

}  // namespace edgetwin::fw
