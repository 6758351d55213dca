#pragma once
// The node agent of a box: owns the box's components and routes datagrams to them.
#include <cstdint>
#include <memory>

#include "edgetwin/firmware/agent.hpp"
#include "edgetwin/firmware/cloud_link.hpp"
#include "edgetwin/firmware/inbox.hpp"
#include "edgetwin/firmware/node_config.hpp"
#include "edgetwin/firmware/peer_monitor.hpp"

namespace edgetwin::fw {

class BoxAgent : public Agent {
 public:
  BoxAgent(Platform& platform, BoxConfig config);
  void boot() override;
  void on_datagram(const Address& from, Channel channel,
                   std::span<const std::byte> datagram) override;

  std::uint32_t boot_epoch() const { return boot_epoch_; }
  const Inbox& inbox() const { return inbox_; }
  const PeerMonitor* peers() const { return peers_.get(); }
  const CloudLink* cloud() const { return cloud_.get(); }

 private:
  std::uint32_t next_boot_epoch();

  Platform& platform_;
  BoxConfig config_;
  std::uint32_t boot_epoch_ = 0;
  Inbox inbox_;
  std::unique_ptr<PeerMonitor> peers_;
  std::unique_ptr<CloudLink> cloud_;
};

}  // namespace edgetwin::fw
