#pragma once
// The box's side of the cloud heartbeat: a NodeReport every `cloud_interval`; the cloud link is
// declared down when no acknowledgement came for `cloud_timeout` (the box then runs on its own,
// and says so in an event) and up again at the next acknowledgement.
#include <cstdint>

#include "edgetwin/firmware/base/node_identity.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/wire/messages.hpp"

namespace edgetwin::fw {

class CloudLink {
 public:
  CloudLink(Platform& platform, const NodeIdentity& config, std::uint32_t boot_epoch);
  void start();
  void on_ack(const CloudAck& ack);
  bool connected() const { return connected_; }

 private:
  void send_report();
  NodeReport make_report();
  void arm_deadline();

  Platform& platform_;
  const NodeIdentity& config_;
  std::uint32_t boot_epoch_;
  std::uint64_t seq_ = 0;
  bool connected_ = false;
  bool state_known_ = false;
  TimerId deadline_ = 0;
};

}  // namespace edgetwin::fw
