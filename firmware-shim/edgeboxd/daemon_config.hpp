#pragma once
// The configuration file of edgeboxd (JSON, "edgeboxd.config/v1"): who this node is, whom it
// talks to, its VRRP instance and VIP, and the apps it supervises. docs/edgeboxd.md has a
// complete example. A box and a site witness read the same format ("role").
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "edgetwin/firmware/agents/box_config.hpp"
#include "edgetwin/firmware/base/result.hpp"
#include "edgetwin/firmware/ha/lease_roster.hpp"
#include "edgetwin/linux/linux_platform.hpp"

namespace edgetwin::edgeboxd {

enum class Role { box, witness };

struct DaemonConfig {
  Role role = Role::box;
  linux_box::PlatformConfig platform;
  fw::BoxConfig box;                    // role box only
  fw::LeaseRoster roster;               // role witness only: its site and the boxes (peers)
  std::vector<fw::ContainerSpec> apps;  // started at boot, in this order
};

fw::Result<DaemonConfig, std::string> parse_daemon_config(const nlohmann::json& doc);
fw::Result<DaemonConfig, std::string> load_daemon_config(const std::string& path);

}  // namespace edgetwin::edgeboxd
