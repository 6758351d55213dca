#include "edgetwin/sim/engine/sim_node.hpp"

#include <algorithm>
#include <cmath>

#include <simgrid/Exception.hpp>

namespace edgetwin::sim {
namespace sg4 = simgrid::s4u;

namespace {

// IPv4 + UDP headers: what a datagram costs on the wire beyond its payload.
constexpr std::uint64_t kUdpIpOverheadBytes = 28;

struct Envelope {
  std::string from;
  fw::Channel channel;
  fw::Bytes bytes;
  fw::Time sent_at;
};


}  // namespace

// Waits on the node's mailbox with one receive always posted: `wait_any_for` leaves it posted
// on timeout (a `get` with a timeout would cancel it; see SIMGRID-NOTES.md).
class SimNode::MailboxWaiter final : public fw::Waiter {
 public:
  explicit MailboxWaiter(SimNode& node) : node_(node), mailbox_(node.mailbox_) {
    post();
  }

  fw::Time now() const override { return node_.now(); }

  std::optional<fw::Datagram> wait(std::optional<fw::Time> deadline) override {
    for (;;) {
      double timeout = -1;  // no deadline: wait for a datagram only
      if (deadline) {
        if (*deadline <= node_.now()) return std::nullopt;
        timeout = (*deadline - node_.now()).to_seconds() / node_.clock_rate_;
      }
      std::vector<sg4::CommPtr> comms{pending_};
      for (const auto& p : node_.pulls_) comms.push_back(p.comm);
      ssize_t done = -1;
      try {
        done = sg4::Comm::wait_any_for(comms, timeout);
      } catch (const simgrid::NetworkFailureException&) {
        // A sender died mid-transfer, or a link on a pull's way failed: find which.
        if (pending_->get_state() == sg4::Activity::State::FAILED) post();
        node_.fail_broken_pulls();
        continue;
      }
      if (done < 0) {
        node_.clock_floor_ = std::max(node_.clock_floor_, *deadline);
        return std::nullopt;
      }
      if (done > 0) {  // a pull completed: its callback ran, the driver fires what is due
        node_.finish_pull(static_cast<std::size_t>(done - 1), true);
        return std::nullopt;
      }
      std::unique_ptr<Envelope> env(received_);
      post();
      // Sent to an earlier incarnation of this box: a real NIC would never have delivered it.
      // (Sends to a dead host are already lost at the source; this guards the invariant.)
      if (env->sent_at < node_.boot_time_) {
        ++node_.world_.counters.dropped_stale;
        continue;
      }
      return fw::Datagram{{env->from}, env->channel, std::move(env->bytes)};
    }
  }

 private:
  void post() { pending_ = mailbox_->get_async<Envelope>(&received_); }

  SimNode& node_;
  sg4::Mailbox* mailbox_;
  sg4::CommPtr pending_;
  Envelope* received_ = nullptr;
};

SimNode::SimNode(std::string name, nlohmann::ordered_json stamp, bool crosses_wan,
                 sg4::Host* host, SimWorld& world, AgentFactory factory)
    : name_(std::move(name)),
      mailbox_(sg4::Mailbox::by_name(name_)),
      stamp_(std::move(stamp)),
      crosses_wan_(crosses_wan),
      host_(host),
      world_(world),
      factory_(std::move(factory)),
      net_([this](std::string_view vip, bool claimed, std::string_view why) {
        emit(claimed ? "vip.claim" : "vip.release", {{"vip", vip}, {"why", why}});
        track_vip(claimed);
      }),
      rng_(world.seed, name_),
      wan_loss_rng_(world.seed, "wan-loss/" + name_),
      arp_rng_(world.seed, "arp/" + name_) {
  world_.directory[name_] = {host_, mailbox_};
}

SimNode::~SimNode() = default;

void SimNetConfig::claim_vip(std::string_view vip) {
  if (held_.insert(std::string(vip)).second) on_change_(vip, true, "firmware");
}

void SimNetConfig::release_vip(std::string_view vip) {
  auto it = held_.find(vip);
  if (it == held_.end()) return;
  held_.erase(it);
  on_change_(vip, false, "firmware");
}

void SimNetConfig::power_loss() {
  for (const auto& vip : held_) on_change_(vip, false, "power-loss");
  held_.clear();
}

fw::Time SimNode::now() const {
  const double clock_s = sg4::Engine::get_clock();
  if (!clock_skewed_) return std::max(fw::Time::from_seconds(clock_s), clock_floor_);
  const auto elapsed_ns = std::llround((clock_s - anchor_sim_s_) * clock_rate_ * 1e9);
  const auto local = anchor_local_ + fw::Duration::nanoseconds(elapsed_ns);
  return std::max(local, clock_floor_);
}

fw::Time SimNode::true_now() const {
  if (!clock_skewed_) return now();
  return fw::Time::from_seconds(sg4::Engine::get_clock());
}

void SimNode::set_clock_rate(double rate) {
  anchor_local_ = now();
  anchor_sim_s_ = sg4::Engine::get_clock();
  clock_rate_ = rate;
  clock_skewed_ = true;
}

bool SimNode::lost_on_wan(const Endpoint& dest) {
  const auto self = world_.directory.find(name_);
  const double loss = std::max(dest.wan_loss, self->second.wan_loss);
  return loss > 0 && wan_loss_rng_.uniform01() < loss;
}

fw::TimerId SimNode::after(fw::Duration delay, std::function<void()> callback) {
  return timers_.add(now() + delay, std::move(callback));
}

bool SimNode::crosses_wan_to(const std::string& node) const {
  return crosses_wan_ || node == fw::kCloudAddress.node;
}

void SimNode::send(const fw::Address& to, fw::Channel channel,
                   std::span<const std::byte> datagram) {
  const std::uint64_t size = datagram.size() + kUdpIpOverheadBytes;
  ++world_.counters.datagrams_sent;
  if (crosses_wan_to(to.node)) world_.counters.wan_bytes += size;
  // A datagram to a powered-off host is lost on the wire. Queueing it in the mailbox instead
  // would hand it to the next incarnation, and SimGrid asserts when a queued message's sender
  // has died meanwhile.
  const auto dest = world_.directory.find(world_.resolve(to.node));
  if (dest == world_.directory.end() || !dest->second.host->is_on() ||
      world_.partitions.blocked(name_, to.node) ||
      (crosses_wan_to(to.node) && lost_on_wan(dest->second)) ||
      (world_.vip_conflicts.contains(to.node) && arp_rng_.uniform01() < 0.5)) {
    ++world_.counters.datagrams_lost;
    return;
  }
  auto* env =
      new Envelope{name_, channel, fw::Bytes(datagram.begin(), datagram.end()), true_now()};
  NetworkCounters* counters = &world_.counters;
  // The clean-up runs only when the transfer fails (a link or host went down on the way).
  dest->second.mailbox->put_init(env, size)->detach([counters](void* p) {
    ++counters->datagrams_lost;
    delete static_cast<Envelope*>(p);
  });
}

void SimNode::track_vip(bool claimed) {
  auto& holders = world_.vip_holders["vip." + stamp_.value("site", std::string())];
  holders.erase(std::remove(holders.begin(), holders.end(), name_), holders.end());
  if (claimed) holders.push_back(name_);
}

void SimNode::pull(const fw::Address& source, std::uint64_t bytes,
                   std::function<void(bool complete)> done) {
  const auto src = world_.directory.find(source.node);
  if (src == world_.directory.end() || !src->second.host->is_on() ||
      world_.partitions.blocked(source.node, name_)) {
    after(fw::Duration::zero(), [done = std::move(done)] { done(false); });
    return;
  }
  auto comm = sg4::Comm::sendto_async(src->second.host, host_, bytes);
  pulls_.push_back({comm, bytes, crosses_wan_to(source.node), std::move(done)});
}

void SimNode::finish_pull(std::size_t index, bool complete) {
  Pull pull = std::move(pulls_.at(index));
  pulls_.erase(pulls_.begin() + static_cast<std::ptrdiff_t>(index));
  // Only completed transfers count: SimGrid does not say how far a failed one had got (its
  // remaining work reads 0), so wan_bytes is a lower bound when pulls are cut by failures.
  if (complete && pull.crosses_wan) world_.counters.wan_bytes += pull.bytes;
  if (complete) world_.counters.pulled_bytes += pull.bytes;
  pull.done(complete);
}

void SimNode::fail_broken_pulls() {
  for (std::size_t i = pulls_.size(); i-- > 0;)
    if (pulls_[i].comm->get_state() == sg4::Activity::State::FAILED) finish_pull(i, false);
}

void SimNode::emit(std::string_view kind, nlohmann::ordered_json fields) {
  world_.log.write(true_now().to_seconds(), kind, stamp_, fields);
}

void SimNode::actor_main() {
  boot_time_ = true_now();
  runtime_.set_powered(true);
  agent_ = factory_(*this);
  agent_->boot();
  fw::Driver driver(*agent_, timers_);
  MailboxWaiter waiter(*this);
  driver.run(waiter);
}

void SimNode::power_on() {
  if (!host_->is_on()) host_->turn_on();
  auto actor = sg4::Actor::create(name_, host_, [this] { actor_main(); });
  // Receive eagerly from the first instant, so nothing queues for a receiver that is not there.
  mailbox_->set_receiver(actor);
}

void SimNode::power_off() {
  // Transfers towards this box die with it; the next boot's firmware pulls again.
  for (auto& p : pulls_) p.comm->cancel();
  pulls_.clear();
  timers_.clear();
  disk_.power_loss();
  runtime_.set_powered(false);
  net_.power_loss();
  // No eager transfers towards a dead host (SimGrid asserts on them): datagrams sent to the
  // box now wait in its mailbox and are dropped at the next boot.
  mailbox_->set_receiver(nullptr);
  host_->turn_off();  // kills the actor; the agent is dropped at the next boot
}

}  // namespace edgetwin::sim
