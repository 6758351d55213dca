#pragma once
// One node of the fleet (a box, the cloud, a NAS, a workload client) on a simulated host: the
// Platform the firmware sees. It has no actor of its own: the world loop calls its firmware
// when a timer is due or a datagram lands (world_loop.hpp). The SimNode outlives every boot:
// its disk and deployed containers survive a crash; its timers and datagrams in flight to it
// do not (they are dropped by boot count).
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
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
#include "edgetwin/firmware/base/seeded_secure_stream.hpp"
#include "edgetwin/firmware/base/timer_queue.hpp"
#include "edgetwin/sim/engine/datagram_network.hpp"
#include "edgetwin/sim/engine/lan_partitions.hpp"
#include "edgetwin/sim/engine/sim_runtime.hpp"
#include "edgetwin/sim/engine/world_loop.hpp"
#include "edgetwin/sim/record/event_log.hpp"
#include "edgetwin/sim/record/network_counters.hpp"

namespace edgetwin::sim {

class SimNode;

// Datagram loss, duplication and delay on one link of a site (fault datagram-chaos).
struct DatagramChaos {
  double loss = 0;       // fraction lost
  double duplicate = 0;  // fraction delivered twice
  double delay_s = 0;    // each datagram is late by a uniform draw in [0, delay_s]
  bool active() const { return loss > 0 || duplicate > 0 || delay_s > 0; }
};

// Where a node name leads: its node and host, looked up once per datagram in one hash map
// (SimGrid's lookups by name walk its zones and maps).
struct Endpoint {
  SimNode* node = nullptr;
  simgrid::s4u::Host* host = nullptr;
  double wan_loss = 0;  // fraction of datagrams to or from this node lost on its WAN link
  DatagramChaos lan_chaos;  // on datagrams this node sends or receives over its LAN
  DatagramChaos wan_chaos;  // ... over its WAN link
};

// What every node of one run shares.
struct SimWorld {
  std::uint64_t seed = 1;
  EventLog& log;
  NetworkCounters& counters;
  const LanPartitions& partitions;
  WorldLoop& loop;
  DatagramNetwork& network;
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
  static bool is_vip(const std::string& node) { return node.starts_with("vip."); }
  const std::string& resolve(const std::string& node) const {
    if (!is_vip(node)) return node;  // most datagrams: no lookup
    auto it = vip_holders.find(node);
    return it == vip_holders.end() || it->second.empty() ? node : it->second.back();
  }
};

// The box's service VIPs. The twin records who owns each VIP over time as vip.claim and
// vip.release events (what the VIP metrics are computed from); a box that loses power loses
// its VIPs with it. A VIP claimed with a lifetime is dropped when the lifetime ends unless the
// firmware renewed or released it first, as the kernel drops an address whose valid_lft ran
// out: that is what ends the VIP of a firmware that stalls (the release says why: "lifetime").
class SimNetConfig final : public fw::NetConfig {
 public:
  using OnChange = std::function<void(std::string_view vip, bool claimed, std::string_view why)>;
  // Calls `check` after `lifetime` (of the box's clock); outside the firmware's timers.
  using Schedule = std::function<void(fw::Duration lifetime, std::function<void()> check)>;
  using Now = std::function<fw::Time()>;
  SimNetConfig(OnChange on_change, Schedule schedule, Now now)
      : on_change_(std::move(on_change)), schedule_(std::move(schedule)), now_(std::move(now)) {}
  void claim_vip(std::string_view vip, std::optional<fw::Duration> lifetime) override;
  void release_vip(std::string_view vip) override;
  void power_loss();

 private:
  // A held VIP: when it expires on the box's clock (nullopt: never), and the one check of its
  // expiry the loop holds (0: none). A renewal moves the expiry, not the check: the check
  // finds the VIP renewed and waits again until the new expiry. One check per VIP, not one
  // per renewal, keeps the world's calendar to about one entry per node.
  struct Held {
    std::optional<fw::Time> expires;
    std::uint64_t check = 0;
    fw::Time check_at;  // the expiry the pending check was set for
  };
  void check_at_expiry(const std::string& vip, Held& held);
  void expire(const std::string& vip, std::uint64_t check);

  OnChange on_change_;
  Schedule schedule_;
  Now now_;
  std::map<std::string, Held, std::less<>> held_;
  std::uint64_t last_check_ = 0;
};

class SimNode final : public fw::Platform,
                      public DatagramReceiver,
                      private fw::EventSink,
                      private WorldLoop::Target {
 public:
  using AgentFactory = std::function<std::unique_ptr<fw::NodeAgent>(fw::Platform&)>;

  SimNode(std::string name, nlohmann::ordered_json stamp, bool crosses_wan,
          simgrid::s4u::Host* host, SimWorld& world, AgentFactory factory);
  ~SimNode() override;

  fw::Time now() const override;
  fw::TimerId after(fw::Duration delay, std::function<void()> callback) override;
  void cancel(fw::TimerId id) override { timers_.cancel(id); }  // a stale wake-up is harmless
  void send(const fw::Address& to, fw::Channel channel, std::span<const std::byte> datagram) override;
  // A SimGrid flow from the source's host: it shares every link on the way (the site's WAN,
  // the cloud's egress) with the other flows, so pull times follow the bandwidths.
  void pull(const fw::Address& source, const fw::ImageName& image, std::uint64_t bytes,
            std::function<void(bool complete)> done) override;
  fw::Disk& disk() override { return disk_; }
  fw::Runtime& runtime() override { return runtime_; }
  fw::NetConfig& net() override { return net_; }
  fw::EventSink& events() override { return *this; }
  fw::Rng& rng() override { return rng_; }
  void secure_bytes(std::span<std::byte> out) override { secure_.fill(out); }

  const std::string& name() const { return name_; }
  simgrid::s4u::Host* host() const { return host_; }
  fw::NodeAgent* agent() const { return agent_.get(); }
  SimRuntime& sim_runtime() { return runtime_; }

  // Powers the host on and boots the firmware at once (first boot or reboot).
  void power_on();
  // Power loss: timers, datagrams in flight to the box, pulls and unsynced writes are lost.
  void power_off();
  // Runs `work` on the node's firmware now, as if from inside the node (set-up operations),
  // then fires what is due and re-arms the node's wake-up.
  void run_inside(const std::function<void()>& work);

  // DatagramReceiver
  bool powered() const override { return powered_; }
  std::uint64_t incarnation() const override { return incarnation_; }
  void warm_receive() const override;
  void receive(const fw::Address& from, fw::Channel channel,
               std::span<const std::byte> bytes) override;
  // disk-full: every write fails while it lasts (the firmware sees Disk::write return false).
  void set_disk_full(bool full) { disk_.fail_writes(full ? UINT64_MAX : 0); }
  // Disk failure: everything stored on the box is gone (a replaced disk), synced or not.
  void lose_disk() { disk_.wipe(); }
  // Another box in this one's place (replace-box): powered off, nothing of the old one's disk
  // or containers, and `firmware` (its first boot) on the next power_on().
  void replace_box(AgentFactory firmware) {
    if (powered_) power_off();
    disk_.wipe();
    runtime_.remove_all();
    factory_ = std::move(firmware);
  }
  // The box's oscillator runs `rate` times as fast as true time from now on (clock-skew).
  void set_clock_rate(double rate);
  // Datagrams between this node and the cloud are lost with this probability (link-degrade).
  void set_wan_loss(double loss) { self_->wan_loss = loss; }
  // Loss, duplication and delay of datagrams on this node's LAN or WAN (datagram-chaos).
  void set_chaos(bool wan, DatagramChaos chaos) { (wan ? self_->wan_chaos : self_->lan_chaos) = chaos; }
  // Freezes the firmware (stall, as SIGSTOP does) or lets it run again. While frozen no timer
  // fires and arriving datagrams queue (up to kStalledQueueMax, as a socket buffer would);
  // the VIP and the containers stay as they are. On resume the queue is delivered in arrival
  // order, then every timer that came due fires, late.
  void set_stalled(bool stalled);
  static constexpr std::size_t kStalledQueueMax = 1024;

 private:
  void emit(std::string_view kind, nlohmann::ordered_json fields) override;
  void on_event(std::uint64_t token) override;  // the wake-up for the earliest timer
  void warm(std::uint64_t token) const override;
  // Asks the world loop to wake the node at its earliest timer, if that moved.
  void rearm();
  // The true time at which the local clock shows `local`.
  fw::Time true_time_of(fw::Time local) const;
  bool crosses_wan_to(const std::string& node) const;
  // Where a datagram to `node` (a node name, not a VIP) goes: its directory entry (null: no
  // such node) and the route to it.
  std::pair<Endpoint*, DatagramNetwork::Route*> destination(const std::string& node);
  void track_vip(bool claimed);  // SimWorld::vip_holders
  bool lost_on_wan(const Endpoint& dest);
  // Hands the datagram to the network once, twice or not at all, as datagram-chaos draws.
  void send_with_chaos(const DatagramChaos& chaos, Endpoint& dest, const fw::Address& to,
                       fw::Channel channel, std::span<const std::byte> datagram,
                       std::uint64_t size);
  // The twin's time (event stamps, boot epochs): the firmware's own clock may be skewed.
  fw::Time true_now() const;

  std::string name_;
  nlohmann::ordered_json stamp_;
  bool crosses_wan_;  // the cloud talks over WAN to everyone; a box only to the cloud
  simgrid::s4u::Host* host_;
  SimWorld& world_;
  Endpoint* self_ = nullptr;  // this node's entry in world_.directory
  // The last few nodes this node sent to, with their directory entry and route. Nearly every
  // datagram of a box goes to its peer, its witness or the cloud; finding each by name in the
  // directory, then by host pair in the network's routes, cost cache misses per datagram that
  // grew with the fleet (8,000 boxes' entries do not stay in cache; this node's own do).
  struct KnownDestination {
    std::string node;
    Endpoint* endpoint = nullptr;
    DatagramNetwork::Route* route = nullptr;
  };
  static constexpr std::size_t kKnownDestinations = 4;
  std::array<KnownDestination, kKnownDestinations> known_;
  std::size_t next_known_ = 0;  // the entry a miss replaces (round robin)
  AgentFactory factory_;
  fw::TimerQueue timers_;
  fw::MemoryDisk disk_;
  SimRuntime runtime_;
  SimNetConfig net_;
  fw::SeededRng rng_;
  fw::SeededSecureStream secure_;  // the run stays reproducible; secrets still look random
  std::unique_ptr<fw::NodeAgent> agent_;
  bool powered_ = false;
  std::uint64_t incarnation_ = 0;
  // The wake-up the loop holds for this node: its token and the local deadline it is for.
  // A wake-up whose token is not the latest was replaced (a timer set earlier, a reboot).
  std::uint64_t wake_token_ = 0;
  std::optional<fw::Time> wake_local_;
  fw::Time clock_floor_;  // deadlines reached; the skewed clock's rounding never undoes one
  // The local clock is anchor_local_ + (true time - anchor_true_) * clock_rate_.
  double clock_rate_ = 1.0;
  fw::Time anchor_true_;
  fw::Time anchor_local_;
  bool clock_skewed_ = false;  // until then the local clock is the twin's, to the nanosecond
  fw::SeededRng wan_loss_rng_;  // apart from the firmware's stream, so loss does not perturb it
  fw::SeededRng arp_rng_;       // which device answers a conflicting VIP
  fw::SeededRng chaos_rng_;     // datagram-chaos draws, apart from the firmware's stream
  fw::SeededRng timing_rng_;    // how late each wake-up is (loop_timing.hpp)
  // How far into the current wake-up the loop is: each send costs LoopTiming::kSendCost, so
  // the datagrams of one wake-up leave in order, microseconds apart.
  fw::Duration send_offset_;
  void begin_wake_up() { send_offset_ = fw::Duration::zero(); }
  // stall: what arrived or completed while the firmware was frozen, in arrival order.
  bool stalled_ = false;
  std::vector<std::function<void()>> stalled_work_;
};

}  // namespace edgetwin::sim
