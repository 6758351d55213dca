#include "edgetwin/firmware/ha/peer_grants.hpp"

#include <algorithm>

#include "edgetwin/firmware/base/invariant.hpp"

namespace edgetwin::fw {

void PeerGrants::record(const std::string& holder, Time until, std::uint32_t epoch,
                        std::uint64_t seq) {
  auto [it, inserted] = until_.emplace(holder, Grant{until, epoch, seq});
  Grant& g = it->second;
  if (!inserted) {
    g.until = std::max(g.until, until);
    // A later boot's requests number from 1 again; within one boot the highest seq counts, so
    // a request that arrived late does not make an older release cover the grant.
    if (epoch > g.epoch) {
      g.epoch = epoch;
      g.seq = seq;
    } else if (epoch == g.epoch) {
      g.seq = std::max(g.seq, seq);
    }
  }
  EDGETWIN_ASSERT(until_.size() <= kHoldersMax, "peer grants stay within kHoldersMax holders");
}

bool PeerGrants::release(const std::string& holder, std::uint32_t epoch, std::uint64_t seq) {
  auto it = until_.find(holder);
  if (it == until_.end() || it->second.epoch != epoch || seq < it->second.seq) return false;
  until_.erase(it);
  return true;
}

std::optional<Time> PeerGrants::running_until(Time now) const {
  std::optional<Time> latest;
  for (const auto& [holder, grant] : until_)
    if (grant.until > now && (!latest || grant.until > *latest)) latest = grant.until;
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
