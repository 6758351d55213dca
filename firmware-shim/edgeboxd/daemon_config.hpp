#pragma once
// The configuration file of edgeboxd (JSON, "edgeboxd.config/v1"): who this node is, whom it
// talks to, its VRRP instance and VIP, and the apps it supervises. docs/edgeboxd.md has a
// complete example. A box and a site witness read the same format ("role").
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "edgetwin/firmware/agents/box_config.hpp"
#include "edgetwin/firmware/base/result.hpp"
#include "edgetwin/firmware/ha/lease_roster.hpp"
#include "edgetwin/linux/data_runtime.hpp"
#include "edgetwin/linux/linux_platform.hpp"

namespace edgetwin::edgeboxd {

enum class Role { box, witness };

// Bounds on the file itself, checked before any value is built (docs/security.md).
inline constexpr std::size_t kConfigBytesMax = 1u << 20;
inline constexpr std::size_t kConfigNestingMax = 64;
// "wire_keys": the files of the authenticated channel's keys (wire_key_file.hpp): the site's
// (every role); for a box that talks to a cloud, its enrolment key (factory-installed, for
// `edgeboxd setup`'s activation messages) and/or a cloud-link key installed by hand. The key the
// cloud issues at activation is kept in state_dir and wins over `cloud` (daemon.cpp).
struct KeyFiles {
  std::string site;
  std::string cloud;      // empty: none
  std::string enrolment;  // empty: none
};

struct DaemonConfig {
  Role role = Role::box;
  linux_box::PlatformConfig platform;
  fw::BoxConfig box;                    // role box only, but for `box.keys` (every role)
  fw::LeaseRoster roster;               // role witness only: its site and the boxes (peers)
  std::vector<fw::ContainerSpec> apps;  // started at boot, in this order
  std::vector<linux_box::DataServer> data;  // the database servers under the firmware's data HA
  KeyFiles key_files;
};

// Every mistake is "<json pointer>: want <allowed range>, got <value>". The document alone: key
// files are named, not read.
fw::Result<DaemonConfig, std::string> parse_daemon_config(const nlohmann::json& doc);
// The text of a file: refuses more than kConfigBytesMax bytes, nesting deeper than
// kConfigNestingMax, and any JSON error (numbers beyond a double's range included).
fw::Result<DaemonConfig, std::string> parse_daemon_config_text(std::string_view text);
// parse_daemon_config_text of the file and the key files it names (into `box.keys`); also
// refuses a file holding a key (vrrp.auth_key_hex) that group or others may access.
fw::Result<DaemonConfig, std::string> load_daemon_config(const std::string& path);
// Reads the key files named in `config.key_files` into `config.box.keys`.
fw::Result<bool, std::string> load_wire_keys(DaemonConfig& config);

}  // namespace edgetwin::edgeboxd
