#pragma once
// The configuration of one VRRP instance (keepalived's vrrp_instance block): which virtual
// router, this box's priority, the advertisement interval, preemption, the VIP, and the
// unicast peers (keepalived's unicast_peer). On a box it comes from the box's configuration;
// in the twin, from the fleet file.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::fw {

inline constexpr std::size_t kVrrpPeersMax = 16;
inline constexpr Duration kVrrpAdvertIntervalMin = Duration::milliseconds(10);      // 1 cs
inline constexpr Duration kVrrpAdvertIntervalMax = Duration::milliseconds(40'950);  // 4095 cs

struct VrrpPeer {
  Address address;  // where the firmware sends its adverts
  std::string ip;   // its primary IPv4: the source address of its adverts
};

struct VrrpConfig {
  std::uint8_t vrid = 1;                            // 1..255
  std::uint8_t priority = 100;                      // 1..254, or 255 for the address owner
  Duration advert_interval = Duration::seconds(1);  // a whole number of centiseconds
  bool preempt = true;
  // keepalived's preempt_delay: after start, a lower-priority master is not preempted before
  // this much time has passed.
  Duration preempt_delay = Duration::zero();
  std::string vip;
  std::string primary_ip;
  std::vector<VrrpPeer> peers;
  std::optional<std::array<unsigned char, 32>> auth_key;  // authenticated mode when set
};

enum class VrrpConfigError : std::uint8_t {
  bad_vrid,
  bad_priority,
  bad_advert_interval,
  bad_preempt_delay,
  bad_vip,
  bad_primary_ip,
  bad_peer_ip,
  too_many_peers,
};
std::string_view to_string(VrrpConfigError e);

// What is wrong with `config`, if anything. VrrpInstance requires a valid configuration.
std::optional<VrrpConfigError> validate(const VrrpConfig& config);

}  // namespace edgetwin::fw
