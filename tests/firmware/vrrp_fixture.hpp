#pragma once
// A site of VRRP boxes on the test network. Each box runs a small agent that owns one
// VrrpInstance and routes Channel::vrrp datagrams to it, as the box agent will.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/agent.hpp"
#include "edgetwin/firmware/byte_codec.hpp"
#include "edgetwin/firmware/vrrp_instance.hpp"
#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {

inline constexpr const char* kVrrpTestVip = "192.168.1.100";

class VrrpTestAgent final : public fw::Agent {
 public:
  VrrpTestAgent(fw::Platform& platform, fw::VrrpConfig config)
      : platform_(platform), config_(std::move(config)) {}

  void boot() override {
    instance_ = std::make_unique<fw::VrrpInstance>(platform_, config_, next_boot_epoch());
    instance_->start();
  }
  void on_datagram(const fw::Address& from, fw::Channel channel,
                   std::span<const std::byte> datagram) override {
    if (channel != fw::Channel::vrrp || !instance_) return;
    last_received_at_ = platform_.now();
    instance_->on_packet(from, datagram);
  }

  fw::VrrpInstance& vrrp() { return *instance_; }
  std::optional<fw::Time> last_received_at() const { return last_received_at_; }

 private:
  // As the box agent does: a synced counter, so that authenticated counters keep increasing.
  std::uint32_t next_boot_epoch() {
    std::uint32_t epoch = 0;
    if (auto stored = platform_.disk().read("vrrp-test/epoch"))
      epoch = fw::ByteReader(*stored).u32();
    fw::ByteWriter w;
    w.u32(++epoch);
    platform_.disk().write("vrrp-test/epoch", w.bytes(), fw::Durability::synced);
    return epoch;
  }

  fw::Platform& platform_;
  fw::VrrpConfig config_;
  std::unique_ptr<fw::VrrpInstance> instance_;
  std::optional<fw::Time> last_received_at_;
};

struct VrrpBox {
  std::string name;
  std::uint8_t priority = 100;
  std::string ip;
};

// Boxes see each other as unicast peers. `configs` is read at each boot, so a test may change
// a box's configuration before powering it on.
struct VrrpSite {
  explicit VrrpSite(std::vector<VrrpBox> boxes, fw::Duration interval = fw::Duration::seconds(1),
                    std::uint64_t seed = 1)
      : network(seed) {
    for (const auto& box : boxes) {
      fw::VrrpConfig& c = configs[box.name];
      c.vrid = 51;
      c.priority = box.priority;
      c.advert_interval = interval;
      c.vip = kVrrpTestVip;
      c.primary_ip = box.ip;
      for (const auto& other : boxes)
        if (other.name != box.name) c.peers.push_back({fw::Address{other.name}, other.ip});
      network.add_node(box.name, [this, name = box.name](fw::Platform& p) {
        return std::make_unique<VrrpTestAgent>(p, configs.at(name));
      });
      names.push_back(box.name);
    }
  }

  void power_on_all() {
    for (const auto& n : names) network.node(n).power_on();
  }
  TestPlatform& node(const std::string& name) { return network.node(name); }
  VrrpTestAgent& agent(const std::string& name) {
    return static_cast<VrrpTestAgent&>(*node(name).agent());
  }
  fw::VrrpInstance& vrrp(const std::string& name) { return agent(name).vrrp(); }

  // Powered boxes whose instance holds the VIP; each must agree with its platform's VIP table.
  std::vector<std::string> holders() {
    std::vector<std::string> out;
    for (const auto& n : names) {
      if (!node(n).powered()) continue;
      const bool in_table =
          static_cast<TestNetConfig&>(node(n).net()).vips().contains(kVrrpTestVip);
      if (vrrp(n).holds_vip() != in_table) out.push_back(n + "(inconsistent)");
      if (vrrp(n).holds_vip()) out.push_back(n);
    }
    return out;
  }

  // Time of the first "vrrp.state" event of `name` into `to` at or after `since`.
  std::optional<fw::Time> became(const std::string& name, const std::string& to,
                                 fw::Time since = fw::Time{}) {
    for (const auto& e : node(name).recorded("vrrp.state"))
      if (e.t >= since && e.fields["to"] == to) return e.t;
    return std::nullopt;
  }

  TestNetwork network;
  std::map<std::string, fw::VrrpConfig> configs;
  std::vector<std::string> names;
};

inline std::vector<VrrpBox> two_boxes(std::uint8_t a_priority, std::uint8_t b_priority) {
  return {{"a", a_priority, "192.168.1.11"}, {"b", b_priority, "192.168.1.12"}};
}

}  // namespace edgetwin::testing
