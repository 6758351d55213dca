#pragma once
// How one replicated data service (an app whose fleet `data` is mysql-ha or redis-ha) runs on
// a box. On a real box this comes from the box's configuration; in the twin, from the fleet.
#include <cstdint>
#include <optional>
#include <string>

#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::fw {

struct DataServiceConfig {
  std::string app;                  // e.g. "mysql"; names the log on disk and every message
  std::string engine = "mysql-ha";  // mysql-ha | redis-ha: labels only, the protocol is shared
  // semi-sync (MySQL AFTER_SYNC): a write is acknowledged once the replica has persisted it,
  // or after `semi_sync_timeout` without that, when the primary falls back to async.
  bool semi_sync = true;
  Duration semi_sync_timeout = Duration::milliseconds(10'000);
  Duration heartbeat_interval = Duration::milliseconds(200);  // primary -> replica, also catch-up
  std::optional<Address> replica;   // the peer box (none on a one-box site)
  std::uint8_t rank = 1;            // 1..15, this box's place in its site: makes terms unique
  std::uint32_t boot_epoch = 0;     // stamps every message of this boot
};

// An app whose fleet `data` is "nas": its data lives on a volume of the site NAS, written
// through by the box that holds the VIP (data_service_volume.hpp).
struct VolumeConfig {
  std::string app;
  Address nas;                      // the site NAS's node
  std::uint8_t rank = 1;            // as DataServiceConfig::rank
  Duration timeout = Duration::milliseconds(2'000);        // a NAS request unanswered by then
  Duration probe_interval = Duration::milliseconds(1'000);  // while the NAS is unreachable
  std::uint32_t boot_epoch = 0;
};

}  // namespace edgetwin::fw
