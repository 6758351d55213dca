#include "edgetwin/sim/engine/sim_node.hpp"

#include <algorithm>
#include <cmath>

namespace edgetwin::sim {
namespace sg4 = simgrid::s4u;

namespace {

// IPv4 + UDP headers: what a datagram costs on the wire beyond its payload.
constexpr std::uint64_t kUdpIpOverheadBytes = 28;

}  // namespace

SimNode::SimNode(std::string name, nlohmann::ordered_json stamp, bool crosses_wan,
                 sg4::Host* host, SimWorld& world, AgentFactory factory)
    : name_(std::move(name)),
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
      secure_(world.seed, name_),
      wan_loss_rng_(world.seed, "wan-loss/" + name_),
      arp_rng_(world.seed, "arp/" + name_) {
  self_ = &(world_.directory[name_] = {this, host_});  // elements of an unordered_map stay put
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
  if (!clock_skewed_) return std::max(world_.loop.now(), clock_floor_);
  const double elapsed_true_ns = static_cast<double>((world_.loop.now() - anchor_true_).count_ns());
  const auto local =
      anchor_local_ + fw::Duration::nanoseconds(std::llround(elapsed_true_ns * clock_rate_));
  return std::max(local, clock_floor_);
}

fw::Time SimNode::true_now() const { return world_.loop.now(); }

fw::Time SimNode::true_time_of(fw::Time local) const {
  if (!clock_skewed_) return local;
  // To the nearest nanosecond: the wake-up raises the clock floor to `local` anyway, so the
  // firmware never sees its deadline not yet reached.
  const double local_ns = static_cast<double>((local - anchor_local_).count_ns());
  return anchor_true_ +
         fw::Duration::nanoseconds(std::llround(std::max(0.0, local_ns) / clock_rate_));
}

void SimNode::set_clock_rate(double rate) {
  anchor_local_ = now();
  anchor_true_ = true_now();
  clock_rate_ = rate;
  clock_skewed_ = true;
  wake_local_.reset();  // the earliest timer is due at another true time now
  rearm();
}

bool SimNode::lost_on_wan(const Endpoint& dest) {
  const double loss = std::max(dest.wan_loss, self_->wan_loss);
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
  const auto dest = world_.directory.find(world_.resolve(to.node));
  if (dest == world_.directory.end() || !dest->second.node->powered() ||
      world_.partitions.blocked(name_, to.node) ||
      (crosses_wan_to(to.node) && lost_on_wan(dest->second)) ||
      (SimWorld::is_vip(to.node) && world_.vip_conflicts.contains(to.node) &&
       arp_rng_.uniform01() < 0.5)) {
    ++world_.counters.datagrams_lost;
    return;
  }
  world_.network.send(name_, host_, *dest->second.node, to.node, dest->second.host, channel,
                      datagram, size);
}

void SimNode::receive(const fw::Address& from, fw::Channel channel,
                      std::span<const std::byte> bytes) {
  fw::Driver(*agent_, timers_).deliver(now(), from, channel, bytes);
  rearm();
}

void SimNode::on_event(std::uint64_t token) {
  if (token != wake_token_ || !powered_ || !wake_local_) return;  // replaced since
  clock_floor_ = std::max(clock_floor_, *wake_local_);
  wake_local_.reset();
  fw::Driver(*agent_, timers_).fire_due(now());
  rearm();
}

void SimNode::rearm() {
  if (!powered_) return;
  const auto next = timers_.next_deadline();
  if (!next || (wake_local_ && *wake_local_ == *next)) return;
  wake_local_ = *next;
  world_.loop.schedule(true_time_of(*next), this, ++wake_token_);
}

void SimNode::run_inside(const std::function<void()>& work) {
  work();
  if (!powered_) return;
  fw::Driver(*agent_, timers_).fire_due(now());
  rearm();
}

void SimNode::track_vip(bool claimed) {
  auto& holders = world_.vip_holders["vip." + stamp_.value("site", std::string())];
  holders.erase(std::remove(holders.begin(), holders.end(), name_), holders.end());
  if (claimed) holders.push_back(name_);
}

// A SimGrid flow from the source's host: it shares every link on its way with the other flows.
void SimNode::pull(const fw::Address& source, std::uint64_t bytes,
                   std::function<void(bool complete)> done) {
  const auto src = world_.directory.find(source.node);
  if (src == world_.directory.end() || !src->second.node->powered() ||
      world_.partitions.blocked(source.node, name_)) {
    after(fw::Duration::zero(), [done = std::move(done)] { done(false); });
    return;
  }
  const bool crosses_wan = crosses_wan_to(source.node);
  world_.loop.start_flow(src->second.host, host_, bytes, this,
                         [this, bytes, crosses_wan, done = std::move(done)](bool complete) {
    // Only completed transfers count: SimGrid does not say how far a failed one had got (its
    // remaining work reads 0), so wan_bytes is a lower bound when pulls are cut by failures.
    if (complete && crosses_wan) world_.counters.wan_bytes += bytes;
    if (complete) world_.counters.pulled_bytes += bytes;
    run_inside([&] { done(complete); });
  });
}

void SimNode::emit(std::string_view kind, nlohmann::ordered_json fields) {
  world_.log.write(true_now().to_seconds(), kind, stamp_, fields);
}

void SimNode::power_on() {
  if (!host_->is_on()) host_->turn_on();
  powered_ = true;
  ++incarnation_;
  runtime_.set_powered(true);
  agent_ = factory_(*this);
  agent_->boot();
  rearm();
}

void SimNode::power_off() {
  // Transfers towards this box die with it; the next boot's firmware pulls again.
  world_.loop.cancel_flows(this);
  timers_.clear();
  wake_local_.reset();
  powered_ = false;
  disk_.power_loss();
  runtime_.set_powered(false);
  net_.power_loss();
  host_->turn_off();  // fails the flows this box was the source of; the agent is dropped at the next boot
}

}  // namespace edgetwin::sim
