#pragma once
// The witness's side of the VIP lease (the site NAS or the cloud): at most one holder per site
// at a time. A request is granted when the site's lease is free, expired, or already held by
// the requester; otherwise refused with the current holder's name. Two boxes cannot form a
// majority; a third party that grants one lease at a time can break the tie.
#include <functional>
#include <map>
#include <span>
#include <string>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/wire/messages.hpp"

namespace edgetwin::fw {

class LeaseServer {
 public:
  static constexpr std::uint32_t kLeaseMaxMs = 60'000;  // a lease is short by design
  static constexpr std::size_t kSitesMax = 100'000;

  explicit LeaseServer(Platform& platform) : platform_(platform) {}
  LeaseReply on_request(const LeaseRequest& request);

 private:
  struct Lease {
    std::string holder;
    Time expires;
  };
  Platform& platform_;
  std::map<std::string, Lease> leases_;
};

// Shared by every grantor: decode a lease request from `from`, answer it with `grant`.
// Returns false (nothing sent) when the payload is not a lease request from its sender.
bool answer_lease_request(Platform& platform, const Address& from, std::uint32_t epoch,
                          std::span<const std::byte> payload,
                          const std::function<LeaseReply(const LeaseRequest&)>& grant);

}  // namespace edgetwin::fw
