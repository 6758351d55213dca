#pragma once
// One node of the fleet (a box or the cloud) on a simulated host: the Platform the firmware
// sees, and the actor that runs the firmware's driver loop. The SimNode outlives the actor:
// its disk and deployed containers survive a crash; its timers do not.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <simgrid/s4u.hpp>

#include "edgetwin/firmware/agents/agent_stats.hpp"
#include "edgetwin/firmware/base/driver.hpp"
#include "edgetwin/firmware/base/memory_disk.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/seeded_rng.hpp"
#include "edgetwin/firmware/base/timer_queue.hpp"
#include "edgetwin/sim/engine/lan_partitions.hpp"
#include "edgetwin/sim/engine/sim_runtime.hpp"
#include "edgetwin/sim/record/event_log.hpp"
#include "edgetwin/sim/record/network_counters.hpp"

namespace edgetwin::sim {

// Where a node name leads: its host and its mailbox, looked up once per run instead of once
// per datagram (SimGrid's lookups by name walk its zones and maps).
struct Endpoint {
  simgrid::s4u::Host* host = nullptr;
  simgrid::s4u::Mailbox* mailbox = nullptr;
  double wan_loss = 0;  // fraction of datagrams to or from this node lost on its WAN link
};

// What every node of one run shares.
struct SimWorld {
  std::uint64_t seed = 1;
  EventLog& log;
  NetworkCounters& counters;
  const LanPartitions& partitions;
  // Lookup only, never iterated, so its order cannot reach an output.
  std::unordered_map<std::string, Endpoint> directory;
  // Service VIPs as addresses: "vip.<site>" leads to the box that claimed the site's VIP last
  // (its gratuitous ARP wins on the LAN) among those that still hold it (when it lets go,
  // clients re-resolve to the other holder); a VIP nobody holds leads nowhere.
  std::map<std::string, std::vector<std::string>> vip_holders;  // in claim order
  // VIPs ("vip.<site>") whose address another LAN device also answers for (a service range
  // overlapping the LAN, allowed on purpose): each datagram reaches the VIP's holder or, with
  // equal odds, whichever device won the ARP race last (and is lost).
  std::set<std::string> vip_conflicts;
  const std::string& resolve(const std::string& node) const {
    auto it = vip_holders.find(node);
    return it == vip_holders.end() || it->second.empty() ? node : it->second.back();
  }
};

// The box's service VIPs. The twin records who owns each VIP over time as vip.claim and
// vip.release events (what the VIP metrics are computed from); a box that loses power loses
// its VIPs with it.
class SimNetConfig final : public fw::NetConfig {
 public:
  using OnChange = std::function<void(std::string_view vip, bool claimed, std::string_view why)>;
  explicit SimNetConfig(OnChange on_change) : on_change_(std::move(on_change)) {}
  void claim_vip(std::string_view vip) override;
  void release_vip(std::string_view vip) override;
  void power_loss();

 private:
  OnChange on_change_;
  std::set<std::string, std::less<>> held_;
};

class SimNode final : public fw::Platform, private fw::EventSink {
 public:
  using AgentFactory = std::function<std::unique_ptr<fw::NodeAgent>(fw::Platform&)>;

  SimNode(std::string name, nlohmann::ordered_json stamp, bool crosses_wan,
          simgrid::s4u::Host* host, SimWorld& world, AgentFactory factory);
  ~SimNode() override;

  fw::Time now() const override;
  fw::TimerId after(fw::Duration delay, std::function<void()> callback) override;
  void cancel(fw::TimerId id) override { timers_.cancel(id); }
  void send(const fw::Address& to, fw::Channel channel, std::span<const std::byte> datagram) override;
  // A SimGrid flow from the source's host: it shares every link on the way (the site's WAN,
  // the cloud's egress) with the other flows, so pull times follow the bandwidths.
  void pull(const fw::Address& source, std::uint64_t bytes,
            std::function<void(bool complete)> done) override;
  fw::Disk& disk() override { return disk_; }
  fw::Runtime& runtime() override { return runtime_; }
  fw::NetConfig& net() override { return net_; }
  fw::EventSink& events() override { return *this; }
  fw::Rng& rng() override { return rng_; }

  const std::string& name() const { return name_; }
  simgrid::s4u::Host* host() const { return host_; }
  fw::NodeAgent* agent() const { return agent_.get(); }
  SimRuntime& sim_runtime() { return runtime_; }

  // Powers the host on and starts the firmware (first boot or reboot).
  void power_on();
  // Power loss: the actor dies with the host, timers and unsynced writes are lost.
  void power_off();
  // Disk failure: everything stored on the box is gone (a replaced disk), synced or not.
  void lose_disk() { disk_.wipe(); }
  // The box's oscillator runs `rate` times as fast as true time from now on (clock-skew).
  void set_clock_rate(double rate);
  // Datagrams between this node and the cloud are lost with this probability (link-degrade).
  void set_wan_loss(double loss) { world_.directory[name_].wan_loss = loss; }

 private:
  class MailboxWaiter;
  void emit(std::string_view kind, nlohmann::ordered_json fields) override;
  void actor_main();
  bool crosses_wan_to(const std::string& node) const;
  void track_vip(bool claimed);  // SimWorld::vip_holders
  bool lost_on_wan(const Endpoint& dest);
  // The twin's time (event stamps, boot epochs): the firmware's own clock may be skewed.
  fw::Time true_now() const;

  std::string name_;
  simgrid::s4u::Mailbox* mailbox_;
  nlohmann::ordered_json stamp_;
  bool crosses_wan_;  // the cloud talks over WAN to everyone; a box only to the cloud
  simgrid::s4u::Host* host_;
  SimWorld& world_;
  AgentFactory factory_;
  fw::TimerQueue timers_;
  fw::MemoryDisk disk_;
  SimRuntime runtime_;
  SimNetConfig net_;
  fw::SeededRng rng_;
  std::unique_ptr<fw::NodeAgent> agent_;
  fw::Time boot_time_;
  fw::Time clock_floor_;  // deadlines reached; guards against float rounding of the sim clock
  // The local clock is anchor_local_ + (sim clock - anchor_sim_s_) * clock_rate_.
  double clock_rate_ = 1.0;
  double anchor_sim_s_ = 0;
  fw::Time anchor_local_;
  bool clock_skewed_ = false;  // until then the local clock is the twin's, to the nanosecond
  fw::SeededRng wan_loss_rng_;  // apart from the firmware's stream, so loss does not perturb it
  fw::SeededRng arp_rng_;       // which device answers a conflicting VIP
  struct Pull {
    simgrid::s4u::CommPtr comm;
    std::uint64_t bytes = 0;
    bool crosses_wan = false;
    std::function<void(bool)> done;
  };
  std::vector<Pull> pulls_;  // in flight, in the order they were started
  void finish_pull(std::size_t index, bool complete);
  void fail_broken_pulls();
};

}  // namespace edgetwin::sim
