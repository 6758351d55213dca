#pragma once
// One VRRP virtual router (the keepalived role of a box), RFC 5798 section 6.4: Initialize,
// Backup and Master, the Master_Down_Timer and the Adver_Timer, preemption, and the priority-0
// advert of a master that steps down. On top of the RFC, as keepalived does: unicast peers,
// preempt_delay, and priority tracking (track_script weights). Two hooks for the box agent:
// set_vip_permitted() lets a split-brain witness fence the VIP, and the events
// "vrrp.state" and "vip.held" report what happened.
//
// Durations are integer nanoseconds, so Skew_Time = ((256 - priority) * Master_Adver_Interval)
// / 256 is computed in nanoseconds (keepalived: microseconds), not truncated to centiseconds.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/ha/vrrp_auth.hpp"
#include "edgetwin/firmware/ha/vrrp_config.hpp"
#include "edgetwin/firmware/ha/vrrp_packet.hpp"

namespace edgetwin::fw {

enum class VrrpState { initialize, backup, master };
std::string_view to_string(VrrpState s);

inline constexpr std::size_t kVrrpTrackSourcesMax = 32;
inline constexpr int kVrrpTrackWeightMax = 254;  // keepalived's weight range is -254..254

// RFC 5798 section 6.1.
Duration vrrp_skew_time(std::uint8_t priority, Duration master_adver_interval);
Duration vrrp_master_down_interval(std::uint8_t priority, Duration master_adver_interval);

// keepalived's "Advertisements received/sent, Became master, Released master", and every drop
// by reason.
struct VrrpStats {
  std::uint64_t adverts_received = 0;  // that passed every check
  std::uint64_t adverts_sent = 0;      // one per peer
  std::uint64_t priority_zero_received = 0;
  std::uint64_t priority_zero_sent = 0;
  std::uint64_t became_master = 0;
  std::uint64_t released_master = 0;
  VrrpCounters malformed;
  VrrpAuthCounters unauthenticated;
  std::uint64_t unknown_senders = 0;  // not a configured peer

  std::uint64_t dropped() const {
    return malformed.total() + unauthenticated.total() + unknown_senders;
  }
};

class VrrpInstance {
 public:
  // `config` must pass validate(); `boot_epoch` must increase at every boot (it prefixes the
  // counters of authenticated adverts).
  VrrpInstance(Platform& platform, VrrpConfig config, std::uint32_t boot_epoch);
  ~VrrpInstance();
  VrrpInstance(const VrrpInstance&) = delete;  // timers hold `this`
  VrrpInstance& operator=(const VrrpInstance&) = delete;

  void start();     // Initialize -> Master (owner) or Backup
  void shutdown();  // -> Initialize; a master first sends a priority-0 advert
  void on_packet(const Address& from, std::span<const std::byte> bytes);

  // Tracking: the effective priority is the base plus the sum of every source's delta,
  // clamped to 1..254 (an owner stays 255). A delta of 0 removes the source. False, and no
  // change, when a new source would exceed kVrrpTrackSourcesMax.
  bool set_priority_adjust(std::string source, int delta);
  // Fencing: the VIP is held iff state() == master and it is permitted; `until` is when the
  // permission ends unless renewed (the lease's end), which the platform is told as the VIP's
  // lifetime and told again whenever it moves; nullopt: no end (no lease).
  void set_vip_permitted(bool permitted, std::optional<Time> until = std::nullopt);
  // One observer of state changes (e.g. the VIP lease, which a master wants and a backup does
  // not), called after the "vrrp.state" event and the VIP update.
  void on_state_change(std::function<void(VrrpState)> observer) {
    state_observer_ = std::move(observer);
  }

  VrrpState state() const { return state_; }
  std::uint8_t effective_priority() const;
  Duration master_adver_interval() const { return master_adver_interval_; }
  Duration skew_time() const;
  Duration master_down_interval() const;
  // When this backup's Master_Down timer fires (it takes over then unless an advert re-arms
  // it); nullopt when it is not armed (master, initialize).
  std::optional<Time> master_down_at() const { return master_down_at_; }
  bool holds_vip() const { return vip_held_; }
  bool vip_permitted() const { return vip_permitted_; }
  const VrrpConfig& config() const { return config_; }
  const VrrpStats& stats() const { return stats_; }
  const VrrpCounters& decode_counters() const { return stats_.malformed; }
  const VrrpAuthCounters& auth_counters() const { return stats_.unauthenticated; }
  std::uint64_t unknown_senders() const { return stats_.unknown_senders; }
  // When the last valid advert (authenticated, well formed, our VRID) came from `peer`: unlike
  // any datagram on the VRRP channel, a forger cannot make this move.
  std::optional<Time> last_advert_from(const Address& peer) const;

  // Fencing: the VIP is held exactly while this box is master and permitted to hold it.
  void check_invariants() const;

 private:
  struct Peer {
    Address address;
    std::uint32_t ip = 0;
    std::optional<Time> last_advert_at;  // of the last advert that passed every check
  };
  std::optional<VrrpAdvert> accept(const Peer& peer, std::span<const std::byte> bytes);
  void on_advert_as_backup(const VrrpAdvert& advert);
  void on_advert_as_master(const VrrpAdvert& advert, std::uint32_t sender_ip);
  bool preempt_delay_running() const;
  void learn_interval(const VrrpAdvert& advert);
  void become_master();
  void become_backup();
  void transition(VrrpState to);
  void send_advert(std::uint8_t priority);
  void arm_adver_timer();
  void arm_master_down_timer(Duration delay);
  void cancel_timers();
  void update_vip();
  std::optional<Duration> vip_lifetime() const;

  Platform& platform_;
  VrrpConfig config_;
  std::uint32_t primary_ip_ = 0;
  std::uint32_t vip_ = 0;
  std::vector<Peer> peers_;
  std::optional<VrrpAuth> auth_;
  VrrpState state_ = VrrpState::initialize;
  Duration master_adver_interval_;
  Time started_at_;
  TimerId adver_timer_ = 0;
  TimerId master_down_timer_ = 0;
  std::optional<Time> master_down_at_;
  std::map<std::string, int> priority_adjust_;  // by source; ordered, so sums are stable
  std::function<void(VrrpState)> state_observer_;
  bool vip_permitted_ = true;
  std::optional<Time> vip_until_;  // the end of the permission, as the platform was told
  bool vip_held_ = false;
  VrrpStats stats_;
};

}  // namespace edgetwin::fw
