#pragma once
// What a box knows about itself and its site at boot: its identity, its hardware, its peers
// and its timing. On a real box this comes from its configuration; in the twin, from the fleet.
#include <string>
#include <vector>

#include "edgetwin/firmware/address.hpp"
#include "edgetwin/firmware/time.hpp"

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

struct BoxConfig {
  std::string name;
  std::string site;
  std::string ip;
  BoxHardware hardware;
  std::vector<Address> peers;  // the other boxes of the site
  Address cloud = kCloudAddress;
  HeartbeatTiming timing;
};

}  // namespace edgetwin::fw
