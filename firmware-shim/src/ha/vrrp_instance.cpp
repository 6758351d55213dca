#include "edgetwin/firmware/base/invariant.hpp"
#include "edgetwin/firmware/ha/vrrp_instance.hpp"

#include <algorithm>
#include <cstdlib>

namespace edgetwin::fw {
namespace {

constexpr Duration kCentisecond = Duration::milliseconds(10);
constexpr Duration kPreemptDelayMax = Duration::seconds(1000);  // keepalived's bound

std::uint16_t to_centiseconds(Duration d) {
  return static_cast<std::uint16_t>(d.count_ns() / kCentisecond.count_ns());
}

bool valid_interval(Duration d) {
  return d >= kVrrpAdvertIntervalMin && d <= kVrrpAdvertIntervalMax &&
         d.count_ns() % kCentisecond.count_ns() == 0;  // the wire carries centiseconds
}

}  // namespace

std::string_view to_string(VrrpState s) {
  switch (s) {
    case VrrpState::initialize:
      return "initialize";
    case VrrpState::backup:
      return "backup";
    case VrrpState::master:
      return "master";
  }
  return "unknown";
}

std::string_view to_string(VrrpConfigError e) {
  switch (e) {
    case VrrpConfigError::bad_vrid:
      return "bad_vrid";
    case VrrpConfigError::bad_priority:
      return "bad_priority";
    case VrrpConfigError::bad_advert_interval:
      return "bad_advert_interval";
    case VrrpConfigError::bad_preempt_delay:
      return "bad_preempt_delay";
    case VrrpConfigError::bad_vip:
      return "bad_vip";
    case VrrpConfigError::bad_primary_ip:
      return "bad_primary_ip";
    case VrrpConfigError::bad_peer_ip:
      return "bad_peer_ip";
    case VrrpConfigError::too_many_peers:
      return "too_many_peers";
  }
  return "unknown";
}

std::optional<VrrpConfigError> validate(const VrrpConfig& config) {
  if (config.vrid == 0) return VrrpConfigError::bad_vrid;
  // Priority 0 is not a priority: on the wire it means "the master is leaving".
  if (config.priority == kVrrpPriorityStepDown) return VrrpConfigError::bad_priority;
  if (!valid_interval(config.advert_interval)) return VrrpConfigError::bad_advert_interval;
  if (config.preempt_delay < Duration::zero() || config.preempt_delay > kPreemptDelayMax)
    return VrrpConfigError::bad_preempt_delay;
  if (!parse_ipv4(config.vip)) return VrrpConfigError::bad_vip;
  if (!parse_ipv4(config.primary_ip)) return VrrpConfigError::bad_primary_ip;
  if (config.peers.size() > kVrrpPeersMax) return VrrpConfigError::too_many_peers;
  for (const auto& peer : config.peers)
    if (!parse_ipv4(peer.ip)) return VrrpConfigError::bad_peer_ip;
  return std::nullopt;
}

Duration vrrp_skew_time(std::uint8_t priority, Duration master_adver_interval) {
  return Duration::nanoseconds((256 - priority) * master_adver_interval.count_ns() / 256);
}

Duration vrrp_master_down_interval(std::uint8_t priority, Duration master_adver_interval) {
  return master_adver_interval * 3 + vrrp_skew_time(priority, master_adver_interval);
}

VrrpInstance::VrrpInstance(Platform& platform, VrrpConfig config, std::uint32_t boot_epoch)
    : platform_(platform),
      config_(std::move(config)),
      master_adver_interval_(config_.advert_interval) {
  // An invalid configuration is the caller's expected failure to report (validate() says
  // what is wrong); reaching here with one is a bug, and running on, e.g. with a zero
  // interval, would spin the timers. Stop rather than guess; this check is not compiled out.
  if (validate(config_)) std::abort();
  primary_ip_ = *parse_ipv4(config_.primary_ip);
  vip_ = *parse_ipv4(config_.vip);
  for (const auto& peer : config_.peers)
    peers_.push_back({peer.address, *parse_ipv4(peer.ip), std::nullopt});
  if (config_.auth_key) auth_.emplace(*config_.auth_key, boot_epoch);
}

VrrpInstance::~VrrpInstance() { cancel_timers(); }

void VrrpInstance::start() {
  if (state_ != VrrpState::initialize) return;
  started_at_ = platform_.now();
  master_adver_interval_ = config_.advert_interval;
  // A restart of the firmware without a reboot (a crash, an upgrade) may leave the VIP on the
  // interface from the previous run: we do not hold it, so make sure the platform does not.
  platform_.net().release_vip(config_.vip);
  if (effective_priority() == kVrrpPriorityOwner) {
    become_master();
    return;
  }
  become_backup();
}

void VrrpInstance::shutdown() {
  if (state_ == VrrpState::initialize) return;
  const bool was_master = state_ == VrrpState::master;
  cancel_timers();
  // Priority 0 tells the backups to take over after Skew_Time rather than Master_Down_Interval.
  if (was_master) send_advert(kVrrpPriorityStepDown);
  transition(VrrpState::initialize);
}

void VrrpInstance::on_packet(const Address& from, std::span<const std::byte> bytes) {
  if (state_ == VrrpState::initialize) return;  // not participating (RFC 5798 6.4.1)
  auto peer =
      std::find_if(peers_.begin(), peers_.end(), [&](const Peer& p) { return p.address == from; });
  if (peer == peers_.end()) {
    ++stats_.unknown_senders;  // not a configured unicast peer: never trust it
    return;
  }
  auto advert = accept(*peer, bytes);
  if (!advert) return;
  ++stats_.adverts_received;
  if (advert->priority == kVrrpPriorityStepDown) ++stats_.priority_zero_received;
  peer->last_advert_at = platform_.now();
  if (state_ == VrrpState::backup) {
    on_advert_as_backup(*advert);
  } else {
    on_advert_as_master(*advert, peer->ip);
  }
}

std::optional<VrrpAdvert> VrrpInstance::accept(const Peer& peer, std::span<const std::byte> bytes) {
  std::span<const std::byte> message = bytes;
  if (auth_) {
    auto opened = auth_->open(bytes, peer.ip, primary_ip_, platform_.now());
    if (!opened) {
      stats_.unauthenticated.count(opened.error());
      return std::nullopt;
    }
    message = opened.value();
  }
  auto decoded = decode_advert(message, peer.ip, primary_ip_, config_.vrid);
  if (!decoded) {
    stats_.malformed.count(decoded.error());
    return std::nullopt;
  }
  return std::move(decoded.value());
}

// RFC 5798 6.4.2, with keepalived's preempt_delay as a third reason to accept a master.
void VrrpInstance::on_advert_as_backup(const VrrpAdvert& advert) {
  if (advert.priority == kVrrpPriorityStepDown) {
    arm_master_down_timer(skew_time());
    return;
  }
  if (!config_.preempt || advert.priority >= effective_priority() || preempt_delay_running()) {
    learn_interval(advert);
    arm_master_down_timer(master_down_interval());
  }
  // Otherwise a lower-priority master: discarded, so our Master_Down_Timer preempts it.
}

// RFC 5798 6.4.3.
void VrrpInstance::on_advert_as_master(const VrrpAdvert& advert, std::uint32_t sender_ip) {
  if (advert.priority == kVrrpPriorityStepDown) {
    send_advert(effective_priority());  // a master left: make sure everyone hears from us now
    arm_adver_timer();
    return;
  }
  const std::uint8_t mine = effective_priority();
  const bool yield = advert.priority > mine || (advert.priority == mine && sender_ip > primary_ip_);
  if (!yield) return;
  learn_interval(advert);
  become_backup();
}

bool VrrpInstance::preempt_delay_running() const {
  return platform_.now() < started_at_ + config_.preempt_delay;
}

void VrrpInstance::learn_interval(const VrrpAdvert& advert) {
  master_adver_interval_ = kCentisecond * advert.max_advert_interval_cs;
}

void VrrpInstance::become_master() {
  cancel_timers();
  transition(VrrpState::master);
  send_advert(effective_priority());
  arm_adver_timer();
}

void VrrpInstance::become_backup() {
  cancel_timers();
  transition(VrrpState::backup);
  arm_master_down_timer(master_down_interval());
}

void VrrpInstance::transition(VrrpState to) {
  const VrrpState from = state_;
  state_ = to;
  if (to == VrrpState::master) ++stats_.became_master;
  if (from == VrrpState::master) ++stats_.released_master;
  platform_.events().emit(
      "vrrp.state",
      {{"from", to_string(from)}, {"to", to_string(to)}, {"priority", effective_priority()}});
  update_vip();
  if (state_observer_) state_observer_(to);
}

void VrrpInstance::send_advert(std::uint8_t priority) {
  const VrrpAdvert advert{config_.vrid, priority, to_centiseconds(config_.advert_interval), {vip_}};
  for (const auto& peer : peers_) {
    Bytes bytes = encode_advert(advert, primary_ip_, peer.ip);
    if (auth_) bytes = auth_->seal(bytes, primary_ip_, peer.ip);
    platform_.send(peer.address, Channel::vrrp, bytes);
    ++stats_.adverts_sent;
    if (priority == kVrrpPriorityStepDown) ++stats_.priority_zero_sent;
  }
}

void VrrpInstance::arm_adver_timer() {
  platform_.cancel(adver_timer_);
  adver_timer_ = platform_.after(config_.advert_interval, [this] {
    adver_timer_ = 0;
    send_advert(effective_priority());
    arm_adver_timer();
  });
}

void VrrpInstance::arm_master_down_timer(Duration delay) {
  platform_.cancel(master_down_timer_);
  master_down_at_ = platform_.now() + delay;
  master_down_timer_ = platform_.after(delay, [this] {
    master_down_timer_ = 0;
    master_down_at_.reset();
    become_master();
  });
}

void VrrpInstance::cancel_timers() {
  platform_.cancel(adver_timer_);
  platform_.cancel(master_down_timer_);
  adver_timer_ = 0;
  master_down_timer_ = 0;
  master_down_at_.reset();
}

bool VrrpInstance::set_priority_adjust(std::string source, int delta) {
  const std::uint8_t before = effective_priority();
  delta = std::clamp(delta, -kVrrpTrackWeightMax, kVrrpTrackWeightMax);
  if (delta == 0) {
    priority_adjust_.erase(source);
  } else if (priority_adjust_.contains(source) || priority_adjust_.size() < kVrrpTrackSourcesMax) {
    priority_adjust_[source] = delta;
  } else {
    return false;
  }
  const std::uint8_t after = effective_priority();
  // Takes effect in the next advert and decision, as in keepalived: no advert is sent now.
  if (after != before)
    platform_.events().emit("vrrp.priority", {{"from", before}, {"to", after}, {"source", source}});
  return true;
}

std::uint8_t VrrpInstance::effective_priority() const {
  if (config_.priority == kVrrpPriorityOwner) return kVrrpPriorityOwner;  // the owner stays
  int priority = config_.priority;
  for (const auto& [source, delta] : priority_adjust_) priority += delta;
  return static_cast<std::uint8_t>(std::clamp(priority, 1, 254));
}

std::optional<Time> VrrpInstance::last_advert_from(const Address& peer) const {
  for (const auto& p : peers_)
    if (p.address == peer) return p.last_advert_at;
  return std::nullopt;
}

Duration VrrpInstance::skew_time() const {
  return vrrp_skew_time(effective_priority(), master_adver_interval_);
}

Duration VrrpInstance::master_down_interval() const {
  return vrrp_master_down_interval(effective_priority(), master_adver_interval_);
}

void VrrpInstance::set_vip_permitted(bool permitted, std::optional<Time> until) {
  const bool moved = until != vip_until_;
  vip_permitted_ = permitted;
  vip_until_ = until;
  // A renewal while held: the same VIP with a later end, so that the platform keeps it.
  if (vip_held_ && permitted && moved) platform_.net().claim_vip(config_.vip, vip_lifetime());
  update_vip();
}

std::optional<Duration> VrrpInstance::vip_lifetime() const {
  if (!vip_until_) return std::nullopt;
  return std::max(Duration::zero(), *vip_until_ - platform_.now());
}

void VrrpInstance::update_vip() {
  const bool held = state_ == VrrpState::master && vip_permitted_;
  if (held == vip_held_) return;
  vip_held_ = held;
  if (held) {
    platform_.net().claim_vip(config_.vip, vip_lifetime());
  } else {
    platform_.net().release_vip(config_.vip);
  }
  platform_.events().emit("vip.held", {{"held", held}, {"vip", config_.vip}});
}

void VrrpInstance::check_invariants() const {
  EDGETWIN_ASSERT(vip_held_ == (state_ == VrrpState::master && vip_permitted_),
                  "the VIP is held exactly while VRRP is master and the lease permits it");
  EDGETWIN_ASSERT(state_ != VrrpState::master || adver_timer_ != 0,
                  "a master always has its next advertisement armed");
  EDGETWIN_ASSERT(state_ != VrrpState::backup || master_down_at_.has_value(),
                  "a backup always has its Master_Down timer armed");
}

}  // namespace edgetwin::fw
