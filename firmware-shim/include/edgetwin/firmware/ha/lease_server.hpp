#pragma once
// The witness's side of the VIP lease (the site NAS or the cloud): at most one holder per site
// at a time. A request is granted when the site's lease is free, expired, or already held by
// the requester; otherwise refused with the current holder's name. Two boxes cannot form a
// majority; a third party that grants one lease at a time can break the tie.
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
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/wire/messages.hpp"

namespace edgetwin::fw {

class LeaseServer {
 public:
  static constexpr std::uint32_t kLeaseMaxMs = 60'000;  // a lease is short by design
  static constexpr std::size_t kSitesMax = 100'000;

  static constexpr std::string_view kGrantsKey = "lease/grants";

  // Reads the grants this witness persisted before it restarted.
  explicit LeaseServer(Platform& platform);
  LeaseReply on_request(const LeaseRequest& request);

 private:
  struct Lease {
    std::string holder;
    Time expires;
    std::uint32_t duration_ms = 0;  // the longest granted to this holder, as stored
  };
  void load();
  bool store() const;

  Platform& platform_;
  std::map<std::string, Lease> leases_;
};

// Shared by every grantor: decode a lease request from `from`, answer it with `grant`.
// Returns false (nothing sent) when the payload is not a lease request from its sender.
bool answer_lease_request(Platform& platform, const Address& from, std::uint32_t epoch,
                          std::span<const std::byte> payload,
                          const std::function<LeaseReply(const LeaseRequest&)>& grant);

}  // namespace edgetwin::fw
