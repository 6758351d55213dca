#pragma once
// Whom a witness grants VIP leases to: each site it stands for, that site's boxes, and the
// longest lease it grants there (two advert intervals of the site's VRRP). A request for another
// site, or from a box that is not of the site, is refused: without this, any box could take
// another site's lease, or fill the witness's table with made-up sites (issue 17, item 2).
// The twin builds it from the fleet; edgeboxd reads it from the witness's configuration.
#include <cstdint>
#include <string>
#include <vector>

namespace edgetwin::fw {

struct LeaseSite {
  // The bound when the site's advert interval is not known: a lease is short by design.
  static constexpr std::uint32_t kLeaseMaxMs = 60'000;

  std::string site;
  std::vector<std::string> boxes;
  std::uint32_t lease_max_ms = kLeaseMaxMs;
};

using LeaseRoster = std::vector<LeaseSite>;

}  // namespace edgetwin::fw
