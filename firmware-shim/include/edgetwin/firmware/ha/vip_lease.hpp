#pragma once
// The box's side of the split-brain guard. With two boxes per site there is no majority: a LAN
// split would make both VRRP masters. So a master may hold the VIP only while it holds a lease
// granted by its peer (which grants only while it is a backup hearing this master's adverts)
// or by the site's witness (the NAS or the cloud, one holder per site at a time).
//
// Timing: a lease lasts `duration` counted from when the request was sent (the grantor counts
// from when it arrived, later). With duration = 2 x advert interval, the lease of a master that
// dies or is cut off runs out before its backup can take over (Master_Down_Interval >= 3 x
// advert interval), so the witness never grants the new master a lease that overlaps.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/wire/messages.hpp"

namespace edgetwin::fw {

struct LeaseConfig {
  bool required = true;          // false: witness "none", plain VRRP (split brain possible)
  std::string site;
  std::string self;
  std::uint32_t boot_epoch = 0;   // stamps the requests like every message of this boot
  std::vector<Address> grantors;  // the peer(s) and the witness
  Duration duration = Duration::seconds(2);
  Duration renew_every = Duration::milliseconds(500);
};

struct LeaseStats {
  std::uint64_t requests_sent = 0;   // one per grantor
  std::uint64_t grants_accepted = 0;  // that extended the lease
  std::uint64_t replies_ignored = 0;  // refused, unsolicited, stale or for someone else
  std::uint64_t lapses = 0;           // the VIP stopped being permitted
};

class VipLease {
 public:
  static constexpr std::size_t kPendingMax = 64;  // requests awaiting an answer

  VipLease(Platform& platform, LeaseConfig config, std::function<void(bool)> on_permitted);
  // Renew while this box is (or wants to be) VRRP master; stop when it is not.
  void want(bool wanted);
  void on_reply(const Address& from, const LeaseReply& reply);
  bool permitted() const { return permitted_; }
  const LeaseStats& stats() const { return stats_; }

  // A lease is never believed past what a grantor granted, nor while not wanted.
  void check_invariants() const;

 private:
  void renew();
  void update();

  Platform& platform_;
  LeaseConfig config_;
  std::function<void(bool)> on_permitted_;
  bool wanted_ = false;
  bool permitted_;
  std::uint64_t seq_ = 0;
  std::map<std::uint64_t, Time> sent_at_;
  Time valid_until_;
  TimerId renew_timer_ = 0;
  TimerId expiry_timer_ = 0;
  LeaseStats stats_;
};

}  // namespace edgetwin::fw
