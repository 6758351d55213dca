#include "edgetwin/sim/engine/sim_node.hpp"

#include <algorithm>
#include <cmath>

#include "edgetwin/sim/engine/loop_timing.hpp"

namespace edgetwin::sim {
namespace sg4 = simgrid::s4u;

namespace {

// IPv4 + UDP headers: what a datagram costs on the wire beyond its payload.
constexpr std::uint64_t kUdpIpOverheadBytes = 28;

}  // namespace

SimNode::SimNode(std::string name, nlohmann::ordered_json stamp, bool crosses_wan, sg4::Host* host,
                 SimWorld& world, AgentFactory factory)
    : name_(std::move(name)),
      stamp_(std::move(stamp)),
      crosses_wan_(crosses_wan),
      host_(host),
      world_(world),
      factory_(std::move(factory)),
      net_(
          [this](std::string_view vip, bool claimed, std::string_view why) {
            emit(claimed ? "vip.claim" : "vip.release", {{"vip", vip}, {"why", why}});
            track_vip(claimed);
          },
          [this](fw::Duration lifetime, std::function<void()> check) {
            // One nanosecond after the lifetime: a firmware that runs releases the VIP at the
            // lease's end itself (why "firmware") and this finds nothing to do; one that is
            // stalled leaves it to this check, as it leaves it to the kernel on a box.
            const fw::Time at = true_time_of(now() + lifetime) + fw::Duration::nanoseconds(1);
            world_.loop.at(at, [this, incarnation = incarnation_, check = std::move(check)] {
              if (powered_ && incarnation == incarnation_) check();
            });
          },
          [this] { return now(); }),
      rng_(world.seed, name_),
      secure_(world.seed, name_),
      wan_loss_rng_(world.seed, "wan-loss/" + name_),
      arp_rng_(world.seed, "arp/" + name_),
      chaos_rng_(world.seed, "chaos/" + name_),
      timing_rng_(world.seed, "timing/" + name_) {
  self_ = &(world_.directory[name_] = Endpoint{this, host_, 0, {}, {}});  // elements of an unordered_map stay put
}

SimNode::~SimNode() = default;

void SimNetConfig::claim_vip(std::string_view vip, std::optional<fw::Duration> lifetime) {
  auto it = held_.find(vip);
  const bool claimed = it == held_.end();
  if (claimed) it = held_.emplace(std::string(vip), Held{}).first;
  it->second.expires.reset();
  if (lifetime) it->second.expires = now_() + *lifetime;
  if (claimed) on_change_(vip, true, "firmware");
  // A shorter lifetime than the pending check's needs its own check (the old one goes stale).
  if (lifetime && (it->second.check == 0 || *it->second.expires < it->second.check_at))
    check_at_expiry(it->first, it->second);
}

void SimNetConfig::check_at_expiry(const std::string& vip, Held& held) {
  held.check = ++last_check_;
  held.check_at = *held.expires;
  schedule_(*held.expires - now_(), [this, vip, check = held.check] { expire(vip, check); });
}

// A check finds the VIP renewed (a later expiry: it waits for that one), gone or claimed again
// since (another check is in charge), or expired: then the VIP goes.
void SimNetConfig::expire(const std::string& vip, std::uint64_t check) {
  auto it = held_.find(vip);
  if (it == held_.end() || it->second.check != check) return;
  it->second.check = 0;
  if (!it->second.expires) return;
  if (*it->second.expires > now_()) return check_at_expiry(it->first, it->second);
  held_.erase(it);
  on_change_(vip, false, "lifetime");
}

void SimNetConfig::release_vip(std::string_view vip) {
  auto it = held_.find(vip);
  if (it == held_.end()) return;
  held_.erase(it);
  on_change_(vip, false, "firmware");
}

void SimNetConfig::power_loss() {
  for (const auto& [vip, held] : held_) on_change_(vip, false, "power-loss");
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
  send_offset_ = send_offset_ + LoopTiming::kSendCost;  // lost or not, the send took its time
  ++world_.counters.datagrams_sent;
  if (crosses_wan_to(to.node)) world_.counters.wan_bytes += size;
  const auto [dest, path] = destination(world_.resolve(to.node));
  if (dest == nullptr || !dest->node->powered() || world_.partitions.blocked(name_, to.node) ||
      (crosses_wan_to(to.node) && lost_on_wan(*dest)) ||
      (SimWorld::is_vip(to.node) && world_.vip_conflicts.contains(to.node) &&
       arp_rng_.uniform01() < 0.5)) {
    ++world_.counters.datagrams_lost;
    return;
  }
  const bool wan = crosses_wan_to(to.node);
  const DatagramChaos& mine = wan ? self_->wan_chaos : self_->lan_chaos;
  const DatagramChaos& theirs = wan ? dest->wan_chaos : dest->lan_chaos;
  if (mine.active() || theirs.active()) {
    send_with_chaos(mine.active() ? mine : theirs, *dest, to, channel, datagram, size);
    return;
  }
  world_.network.send(*path, name_, *dest->node, to.node, channel, datagram, size, send_offset_);
}

std::pair<Endpoint*, DatagramNetwork::Route*> SimNode::destination(const std::string& node) {
  for (const auto& known : known_)
    if (known.endpoint != nullptr && known.node == node) return {known.endpoint, known.route};
  const auto it = world_.directory.find(node);
  if (it == world_.directory.end()) return {nullptr, nullptr};
  // Directory entries and routes stay where they are for the run, so keeping pointers is safe.
  KnownDestination& entry = known_[next_known_];
  next_known_ = (next_known_ + 1) % kKnownDestinations;
  entry = {node, &it->second, &world_.network.route(host_, it->second.host)};
  return {entry.endpoint, entry.route};
}

void SimNode::send_with_chaos(const DatagramChaos& chaos, Endpoint& dest, const fw::Address& to,
                              fw::Channel channel, std::span<const std::byte> datagram,
                              std::uint64_t size) {
  if (chaos.loss > 0 && chaos_rng_.uniform01() < chaos.loss) {
    ++world_.counters.datagrams_lost;
    return;
  }
  const int copies = chaos.duplicate > 0 && chaos_rng_.uniform01() < chaos.duplicate ? 2 : 1;
  for (int i = 0; i < copies; ++i) {
    const double late_s = chaos.delay_s > 0 ? chaos_rng_.uniform01() * chaos.delay_s : 0;
    world_.network.send(name_, host_, *dest.node, to.node, dest.host, channel, datagram, size,
                        send_offset_ + fw::Duration::nanoseconds(std::llround(late_s * 1e9)));
  }
}

void SimNode::receive(const fw::Address& from, fw::Channel channel,
                      std::span<const std::byte> bytes) {
  if (stalled_) {
    if (stalled_work_.size() >= kStalledQueueMax) {
      ++world_.counters.datagrams_lost;  // the socket buffer is full
      return;
    }
    stalled_work_.push_back([this, from, channel, copy = std::vector<std::byte>(bytes.begin(), bytes.end())] {
      fw::Driver(*agent_, timers_).deliver(now(), from, channel, copy);
    });
    return;
  }
  begin_wake_up();
  fw::Driver(*agent_, timers_).deliver(now(), from, channel, bytes);
  rearm();
}

void SimNode::set_stalled(bool stalled) {
  if (stalled == stalled_) return;
  stalled_ = stalled;
  if (stalled || !powered_) return;
  auto work = std::move(stalled_work_);
  stalled_work_.clear();
  begin_wake_up();
  for (auto& w : work) w();
  wake_local_.reset();  // the wake-up the loop held was swallowed while frozen
  fw::Driver(*agent_, timers_).fire_due(now());
  rearm();
}

// What a wake-up reads first: the timer queue's top, and what the agent says it reads.
void SimNode::warm_receive() const {
  timers_.prefetch_top();
  if (agent_) agent_->prefetch();
}

void SimNode::warm(std::uint64_t token) const {
  if (token == wake_token_) warm_receive();
}

void SimNode::on_event(std::uint64_t token) {
  if (token != wake_token_ || !powered_ || !wake_local_) return;  // replaced since
  if (stalled_) return;  // frozen: the timers fire late, on resume
  clock_floor_ = std::max(clock_floor_, *wake_local_);
  wake_local_.reset();
  begin_wake_up();
  fw::Driver(*agent_, timers_).fire_due(now());
  rearm();
}

void SimNode::rearm() {
  if (!powered_) return;
  const auto next = timers_.next_deadline();
  if (!next || (wake_local_ && *wake_local_ == *next)) return;
  wake_local_ = *next;
  // Late like a real loop's timer: the local deadline is reached, then the loop runs.
  world_.loop.schedule(true_time_of(*next) + LoopTiming::timer_lateness(timing_rng_), this,
                       ++wake_token_);
}

void SimNode::run_inside(const std::function<void()>& work) {
  if (stalled_) {
    stalled_work_.push_back(work);
    return;
  }
  begin_wake_up();
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
// Only the image's size matters here (its name picks nothing in the twin).
void SimNode::pull(const fw::Address& source, const fw::ImageName&, std::uint64_t bytes,
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
    run_inside([done, complete] { done(complete); });  // by value: a stalled node queues it
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
  begin_wake_up();
  agent_->boot();
  rearm();
}

void SimNode::power_off() {
  stalled_ = false;  // a frozen process dies with the power like any other
  stalled_work_.clear();
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
