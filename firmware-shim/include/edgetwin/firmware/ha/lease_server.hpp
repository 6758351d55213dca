#pragma once
// The witness's side of the VIP lease (the site NAS or the cloud): at most one holder per site
// at a time. A request is granted when the site's lease is free, expired, or already held by
// the requester; otherwise refused with the current holder's name. Two boxes cannot form a
// majority; a third party that grants one lease at a time can break the tie.
//
// It grants only to the boxes of the sites on its roster (lease_roster.hpp), for at most the
// site's lease_max_ms (two advert intervals): a box of another site cannot take this site's
// lease, and a made-up site cannot fill the table. Expired leases are pruned from the table at
// least every kPruneEveryMs and whenever it is full, so it holds at most kSitesMax entries and
// in steady state only the live ones.
//
// The grants survive a restart of the witness: a witness that forgot them would grant a lease
// to the second box of a split site while the first still holds the VIP on its own lease. Each
// grant that changes a site's holder (or lengthens its lease) is written synced to the Disk
// before it is answered, and refused when the disk cannot take it; renewals by the holder write
// nothing. At boot every stored lease counts as granted just then, for its whole duration: the
// witness cannot know how much of it had run, and the grant was earlier, so it never ends a
// lease before its holder does. We chose this over an NFS-style grace period (grant nothing
// for kLeaseMaxMs after boot) because a grace period also refuses the holder's renewals: a
// restart inside a LAN split would then leave the site without a VIP for a minute.
//
// A holder that steps down cleanly releases its lease (LeaseRelease): the site's lease is free
// at once, so the backup's first request after its priority-0 takeover is granted. A release
// ends the lease only if it comes from the holder's boot that asked last and names that boot's
// latest granted request or a later one; a lease loaded from disk (its boot unknown) is never
// ended early. The release is written like a grant; the holder's requests it covers, arriving
// late, are refused, so a delayed renewal does not take the lease back for a stopped box.
#include <functional>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/ha/lease_roster.hpp"
#include "edgetwin/firmware/wire/messages.hpp"

namespace edgetwin::fw {

class LeaseServer {
 public:
  static constexpr std::uint32_t kLeaseMaxMs = LeaseSite::kLeaseMaxMs;  // whatever the roster says
  static constexpr std::size_t kSitesMax = 100'000;
  static constexpr std::uint32_t kPruneEveryMs = 10'000;

  static constexpr std::string_view kGrantsKey = "lease/grants";

  // Reads the grants this witness persisted before it restarted (those of its roster's sites).
  LeaseServer(Platform& platform, const LeaseRoster& roster);
  // `sender_epoch`: the boot of the requester (the envelope's, authenticated); 0 = unknown (a
  // lease granted so is never ended early by a release).
  LeaseReply on_request(const LeaseRequest& request, std::uint32_t sender_epoch = 0);
  // Whether `release` (from its holder's boot `sender_epoch`) ended the site's lease.
  bool on_release(const LeaseRelease& release, std::uint32_t sender_epoch);
  // A lease_release datagram's payload from `from`: false when it is not a release of `from`'s
  // own lease (malformed); otherwise applied (or ignored, counted) and true. An ended lease is
  // reported as a `lease.released` event.
  bool on_release_from(const Address& from, std::uint32_t sender_epoch,
                       std::span<const std::byte> payload);
  std::uint64_t releases_honoured() const { return releases_honoured_; }
  std::uint64_t releases_ignored() const { return releases_ignored_; }
  std::size_t size() const { return leases_.size(); }  // sites with a lease in the table

 private:
  struct Lease {
    std::string holder;
    Time expires;
    std::uint32_t duration_ms = 0;  // the longest granted to this holder, as stored
    // In memory only: the holder's boot that asked last and its highest request granted (0:
    // loaded from disk, unknown), and whether it released the lease (then `expires` is when).
    std::uint32_t epoch = 0;
    std::uint64_t seq = 0;
    bool released = false;
  };
  struct Site {
    std::set<std::string, std::less<>> boxes;
    std::uint32_t lease_max_ms = kLeaseMaxMs;
  };
  void load();
  bool store() const;
  void prune(Time now);

  Platform& platform_;
  std::map<std::string, Site, std::less<>> roster_;
  std::map<std::string, Lease> leases_;
  Time next_prune_;
  std::uint64_t releases_honoured_ = 0;
  std::uint64_t releases_ignored_ = 0;
};

// Shared by every grantor: decode a lease request from `from`, answer it with `grant`.
// Returns false (nothing sent) when the payload is not a lease request from its sender.
bool answer_lease_request(Platform& platform, const Address& from, std::uint32_t epoch,
                          std::span<const std::byte> payload,
                          const std::function<LeaseReply(const LeaseRequest&)>& grant);

}  // namespace edgetwin::fw
