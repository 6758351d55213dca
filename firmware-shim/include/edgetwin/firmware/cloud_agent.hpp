#pragma once
// The cloud control plane's agent: keeps the node list, acknowledges node reports, and grants
// VIP leases to the sites whose witness is the cloud.
#include <string>

#include "edgetwin/firmware/agent.hpp"
#include "edgetwin/firmware/inbox.hpp"
#include "edgetwin/firmware/lease_server.hpp"
#include "edgetwin/firmware/node_registry.hpp"

namespace edgetwin::fw {

struct CloudInventoryEntry {
  std::string name;
  std::string site;
};

class CloudAgent : public Agent {
 public:
  CloudAgent(Platform& platform, std::vector<CloudInventoryEntry> inventory,
             Duration offline_after);
  void boot() override;
  void on_datagram(const Address& from, Channel channel,
                   std::span<const std::byte> datagram) override;

  const NodeRegistry& registry() const { return registry_; }
  const Inbox& inbox() const { return inbox_; }

 private:
  Platform& platform_;
  std::vector<CloudInventoryEntry> inventory_;
  Inbox inbox_;
  NodeRegistry registry_;
  LeaseServer leases_;  // the cloud is the VIP witness of sites with `ha.witness: cloud`
  std::uint32_t boot_epoch_ = 0;
};

}  // namespace edgetwin::fw
