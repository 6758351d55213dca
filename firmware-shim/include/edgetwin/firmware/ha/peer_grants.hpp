#pragma once
// The grantor's side of a peer lease: what this box granted, to whom, until when (counted from
// when each request arrived here, so never earlier than the holder's own count). A box must not
// claim the VIP while a grant it gave its peer still runs: the peer may hold the VIP on it until
// then, whatever VRRP says now (issue 16, item 1: a master that lost priority, or a priority-0
// advert that arrived late, made this box master while its former master still held its grant).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/base/time.hpp"
#include "edgetwin/firmware/ha/vrrp_config.hpp"
#include "edgetwin/firmware/ha/vrrp_instance.hpp"

namespace edgetwin::fw {

class PeerGrants {
 public:
  // One entry per VRRP peer that asked; a grant goes only to a configured peer.
  static constexpr std::size_t kHoldersMax = kVrrpPeersMax;

  // Records a grant to `holder` running until `until` (keeps the later of two grants), that
  // answered request `seq` of the holder's boot `epoch`.
  void record(const std::string& holder, Time until, std::uint32_t epoch, std::uint64_t seq);
  // `holder` released its lease (LeaseRelease): its grants end now if the release covers the
  // latest request granted (same boot, seq at least as high). Returns whether they ended.
  bool release(const std::string& holder, std::uint32_t epoch, std::uint64_t seq);
  // The end of the last grant still running at `now`, if any.
  std::optional<Time> running_until(Time now) const;
  std::size_t size() const { return until_.size(); }

 private:
  struct Grant {
    Time until;
    std::uint32_t epoch = 0;  // of the holder's boot that asked last
    std::uint64_t seq = 0;    // the highest request of that boot granted
  };
  std::map<std::string, Grant> until_;  // by holder
};

// How long a backup may grant the lease `from` asks for: zero (refused) unless this box is a
// backup following `from`'s adverts (its last valid one came within Master_Down_Interval);
// otherwise the request's duration, capped at `cap` (two advert intervals: a forged or buggy
// request for 49 days gets two) and at the instant this box's own Master_Down timer fires, so
// that a grant never outlives the moment this box could take over.
//
// Why not "heard an advert within one advert interval", as before: a request leaves a few
// microseconds before or after the advert of the same round, and timers fire late on a real
// loop, so the gap between a request and the previous advert is one interval plus that noise,
// and the peer refused at random (issue 16, item 9). In steady state the Master_Down timer is
// at least Master_Down_Interval - (one interval + loop delay) = 2 intervals + Skew_Time away,
// so the full two intervals are granted with Skew_Time (>= interval / 256) of tolerance; near
// a takeover (the master advertises a lower priority, or a priority-0 advert arrived) the grants
// shrink and end when the timer fires.
Duration peer_grant_duration(const VrrpInstance& vrrp, const Address& from, Duration requested,
                             Duration cap, Time now);

}  // namespace edgetwin::fw
