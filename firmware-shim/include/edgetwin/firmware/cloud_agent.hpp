#pragma once
// The cloud control plane's agent: keeps the node list and acknowledges node reports.
#include <string>

#include "edgetwin/firmware/agent.hpp"
#include "edgetwin/firmware/inbox.hpp"
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
  std::uint32_t boot_epoch_ = 0;
};

}  // namespace edgetwin::fw
