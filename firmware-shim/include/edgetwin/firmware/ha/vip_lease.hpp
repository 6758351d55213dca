#pragma once
// The box's side of the split-brain guard. With two boxes per site there is no majority: a LAN
// split would make both VRRP masters. So a master may hold the VIP only while it holds a lease
// granted by its peer (which grants only while it is a backup that could not take over before
// the lease ends) or by the site's witness (the NAS or the cloud, one holder per site at a time).
//
// Timing: a lease lasts `duration` counted from when the request was sent (the grantor counts
// from when it arrived, later). With duration = 2 x advert interval, the lease of a master that
// dies or is cut off runs out before its backup can take over (Master_Down_Interval >= 3 x
// advert interval), so the witness never grants the new master a lease that overlaps.
//
// Each grantor's grant is tracked on its own: the lease is valid while one of them is live, and
// no grant is trusted for longer than `duration`, whatever the reply says (issue 17, item 2).
// A round of requests goes to every grantor each `renew_every`; a grantor that has not answered
// a round after `retry_after` is asked again, up to kRetriesMax times, so that one lost request
// or reply does not end the lease while that grantor is the only one answering (issue 16,
// item 5). A grantor that stops answering still ends it: nothing extends a grant but an answer.
//
// The VIP is also fenced while a grant this box gave its peer runs (fence_until): the peer may
// hold the VIP on it until then (issue 16, item 1; peer_grants.hpp).
//
// The witness on demand (issue 15, item 5; docs/ha.md, "The witness on demand"): with one peer,
// the witness (`witness`, not in `grantors`) is asked only when the peer's grant is missing: in
// a round after one in which the peer did not grant, or at the round's retry when the peer has
// not granted yet, or every round while the witness's measured round trip is too slow for the
// retry to get its grant before the peer's last one ends. Safety does not depend on how often a
// grantor is asked: each grant alone excludes the other box (the peer's by its fence, the
// witness's by its one holder per site), so this changes availability margins only.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/wire/messages.hpp"

namespace edgetwin::fw {

struct LeaseConfig {
  bool required = true;  // false: witness "none", plain VRRP (split brain possible)
  std::string site;
  std::string self;
  std::uint32_t boot_epoch = 0;              // stamps the requests like every message of this boot
  std::vector<Address> grantors;             // the peer(s) and the witness
  Duration duration = Duration::seconds(2);  // asked for, and the most any grant is trusted for
  Duration renew_every = Duration::milliseconds(500);
  Duration retry_after = Duration::milliseconds(125);  // a grantor silent this long is asked again
  // Asked only when the peer's grant is missing (above); with more than one peer it is asked
  // every round like the others, since one peer's grant no longer excludes every other box.
  std::optional<Address> witness = std::nullopt;
};

struct LeaseStats {
  std::uint64_t requests_sent = 0;    // one per grantor
  std::uint64_t grants_accepted = 0;  // that extended the lease
  std::uint64_t replies_ignored = 0;  // refused, unsolicited, stale or for someone else
  std::uint64_t lapses = 0;           // the VIP stopped being permitted
  std::uint64_t retries = 0;          // requests sent again to a grantor that had not answered
  std::uint64_t releases_sent = 0;    // one per grantor, on a clean shutdown
  std::uint64_t witness_rounds_skipped = 0;  // rounds the peer's grant made the witness's unneeded
  // As a grantor (a box's peer grants, a witness's leases): releases that ended a grant, and
  // those that did not (another holder's, older than the live grant, no such grant).
  std::uint64_t releases_honoured = 0;
  std::uint64_t releases_ignored = 0;
};

// The largest clock drift rate a lease tolerates (rho): 1 %, far above a quartz oscillator's
// 50 ppm, and the bound of the fault search's clock-skew draws. A grantor counts a grant from
// the request's arrival on its clock; the holder from the request's send on its own. For the
// holder's count to end first in true time whatever the two rates within 1 +- rho, the holder
// shortens each grant by 2 rho / (1 + rho) of it (kDriftAllowancePerMille rounds that up).
inline constexpr double kClockDriftMax = 0.01;
inline constexpr std::int64_t kDriftAllowancePerMille = 20;

class VipLease {
 public:
  static constexpr std::size_t kPendingMax = 64;   // requests awaiting an answer
  static constexpr int kRetriesMax = 3;            // per round, to the grantors still silent
  static constexpr std::size_t kGrantorsMax = 17;  // the peers (kVrrpPeersMax) and one witness

  // `on_change(permitted)` is called when the permission changes, and again whenever a grant
  // moves the end of a permitted lease (valid_until()), so that the VIP's lifetime follows it.
  VipLease(Platform& platform, LeaseConfig config, std::function<void(bool)> on_change);
  VipLease(const VipLease&) = delete;  // timers hold `this`
  VipLease& operator=(const VipLease&) = delete;
  ~VipLease();

  // Renew while this box is (or wants to be) VRRP master; stop when it is not.
  void want(bool wanted);
  void on_reply(const Address& from, const LeaseReply& reply);
  // A grant this box gave its peer runs until `until`: the VIP is not permitted before then.
  void fence_until(Time until);
  // The holder of the grant that fenced this box released it: the fence ends at `until` (the
  // end of the grants this box still has running, or now) if that is earlier.
  void lift_fence(Time until);
  // A clean shutdown, once the VIP is off the interface: lets the lease go and tells every
  // grantor (LeaseRelease), so the backup may hold the VIP after one round trip instead of when
  // this box's grants run out. Nothing is sent if no request left in this boot.
  void release();
  bool permitted() const { return permitted_; }
  // The end of the lease as this box counts it (its latest live grant), if one is live.
  std::optional<Time> valid_until() const;
  // Whether this box counts a live grant from `grantor` now: the twin checks that none is left
  // when the grantor acts on the grant's end (lease_within_grantor_view, invariant_monitor.hpp).
  bool counts_grant_from(const Address& grantor) const;
  const LeaseStats& stats() const { return stats_; }

  // A lease is never believed past what a grantor granted, nor longer than `duration`, nor
  // while not wanted, nor while fenced.
  void check_invariants() const;

 private:
  struct Grantor {
    Address address;
    Time valid_until;       // of its latest grant, counted from when its request was sent
    bool answered = false;  // this round
    bool on_demand = false;  // the witness, asked only when the peer's grant is missing
    bool asked = false;      // this round
  };
  void renew();
  void retry();
  bool witness_needed_from_round_start() const;
  void send_request(const std::vector<const Grantor*>& to);
  Grantor* grantor(const Address& address);
  Time lease_end() const;
  void update();
  void arm_wakeup();

  Platform& platform_;
  LeaseConfig config_;
  std::function<void(bool)> on_change_;
  std::vector<Grantor> grantors_;
  bool wanted_ = false;
  bool permitted_;
  std::uint64_t seq_ = 0;
  std::uint64_t round_seq_ = 0;  // the first request of the current round
  int retries_left_ = 0;
  bool peer_granted_this_round_ = false;
  std::optional<Duration> witness_rtt_;  // of the witness's latest answer
  std::map<std::uint64_t, Time> sent_at_;
  Time fenced_until_;
  TimerId renew_timer_ = 0;
  TimerId retry_timer_ = 0;
  TimerId wakeup_timer_ = 0;
  std::optional<Time> wakeup_at_;  // when wakeup_timer_ is due
  LeaseStats stats_;
};

}  // namespace edgetwin::fw
