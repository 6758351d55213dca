#include "edgetwin/firmware/ha/peer_grants.hpp"

#include <algorithm>

#include "edgetwin/firmware/base/invariant.hpp"

namespace edgetwin::fw {

void PeerGrants::record(const std::string& holder, Time until) {
  auto [it, inserted] = until_.emplace(holder, until);
  if (!inserted && it->second < until) it->second = until;
  EDGETWIN_ASSERT(until_.size() <= kHoldersMax, "peer grants stay within kHoldersMax holders");
}

std::optional<Time> PeerGrants::running_until(Time now) const {
  std::optional<Time> latest;
  for (const auto& [holder, until] : until_)
    if (until > now && (!latest || until > *latest)) latest = until;
  return latest;
}

Duration peer_grant_duration(const VrrpInstance& vrrp, const Address& from, Duration requested,
                             Duration cap, Time now) {
  if (vrrp.state() != VrrpState::backup) return Duration::zero();
  const auto heard = vrrp.last_advert_from(from);
  const auto down_at = vrrp.master_down_at();
  if (!heard || !down_at || now - *heard > vrrp.master_down_interval()) return Duration::zero();
  return std::max(Duration::zero(), std::min({requested, cap, *down_at - now}));
}

}  // namespace edgetwin::fw
