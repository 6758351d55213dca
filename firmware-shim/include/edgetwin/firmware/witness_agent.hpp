#pragma once
// The firmware of a site witness that is not a box (the site NAS): it grants VIP leases and
// serves the volumes of NAS-backed data services (data_service_volume_server.hpp).
#include <functional>

#include "edgetwin/firmware/agent.hpp"
#include "edgetwin/firmware/data_service_volume_server.hpp"
#include "edgetwin/firmware/inbox.hpp"
#include "edgetwin/firmware/lease_server.hpp"

namespace edgetwin::fw {

class WitnessAgent : public Agent {
 public:
  explicit WitnessAgent(Platform& platform)
      : platform_(platform), leases_(platform), volumes_(platform) {}
  void boot() override {}
  void on_datagram(const Address& from, Channel channel,
                   std::span<const std::byte> datagram) override;
  const Inbox& inbox() const { return inbox_; }
  const VolumeServer& volumes() const { return volumes_; }

 private:
  Platform& platform_;
  Inbox inbox_;
  LeaseServer leases_;
  VolumeServer volumes_;
};

// Shared by every grantor: decode a lease request from `from`, answer it with `grant`.
// Returns false (nothing sent) when the payload is not a lease request from its sender.
bool answer_lease_request(Platform& platform, const Address& from, std::uint32_t epoch,
                          std::span<const std::byte> payload,
                          const std::function<LeaseReply(const LeaseRequest&)>& grant);

}  // namespace edgetwin::fw
