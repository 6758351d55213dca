#pragma once
// The box's side of the cloud's host/app monitoring and alerting: every `cloud_interval` it
// sends a ConditionReport (condition_messages.hpp) with the box's containers and its active
// conditions, each aged by the box's own clock, whenever that snapshot differs from the last
// one the cloud acknowledged or a one-shot condition awaits its acknowledgement. An unchanged,
// acknowledged snapshot is not re-sent, so a quiet fleet costs the cloud nothing more than its
// node reports. A report lost to a WAN outage is re-sent at the next interval, so what happened
// during the outage reaches the cloud, with its age, as soon as the WAN is back.
//
// Conditions: a container that stopped serving (HealthMonitor::unhealthy_since), a semi-sync
// data primary running async (DataService::async_since), and the box taking its site's VIP
// from a peer it had heard as master. A condition that ended before the cloud acknowledged a
// report showing it becomes a one-shot "ended episode"; one-shots wait for their
// acknowledgement, at most kPendingOneShotsMax of them (older ones are dropped and counted).
// Conditions are sampled once per interval: an episode shorter than that can go unseen.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "edgetwin/firmware/alerts/condition_messages.hpp"
#include "edgetwin/firmware/base/node_identity.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/data/data_service.hpp"
#include "edgetwin/firmware/ha/health_monitor.hpp"
#include "edgetwin/firmware/ha/vrrp_instance.hpp"

namespace edgetwin::fw {

class ConditionTracker {
 public:
  static constexpr std::size_t kPendingOneShotsMax = 8;

  using DataServices = std::map<std::string, std::unique_ptr<DataService>>;
  ConditionTracker(Platform& platform, const NodeIdentity& config, std::uint32_t boot_epoch,
                   const HealthMonitor& health, const DataServices& data);
  void start();
  // The box's VRRP instance changed state; `vrrp` tells whom this box heard as master.
  void on_vrrp_state(const VrrpInstance& vrrp, VrrpState state);
  void on_ack(const ConditionAck& ack);

  ConditionReport snapshot() const;  // what the next report would carry
  std::uint64_t dropped_one_shots() const { return dropped_one_shots_; }
  std::uint64_t reports_sent() const { return reports_sent_; }

 private:
  using Level = std::pair<ConditionKind, std::string>;  // app_unhealthy: by container
  using Episode = std::pair<Level, Time>;               // and since when
  struct OneShot {
    std::uint32_t id;
    ConditionKind kind;
    std::string subject;
    Time at;
  };
  // What the cloud acts on: the snapshot without ages, which grow on every report.
  struct Signature {
    std::vector<ReportedContainer> containers;
    std::vector<std::pair<ConditionKind, std::string>> levels;
    bool operator==(const Signature&) const = default;
  };

  void tick();
  std::map<Level, Time> active_levels() const;
  void close_episodes();
  void add_one_shot(ConditionKind kind, std::string subject, Time at);
  std::uint32_t age_ms(Time since) const;
  std::vector<ReportedContainer> containers() const;
  std::vector<ReportedCondition> conditions() const;
  static Signature signature_of(const ConditionReport& report);

  Platform& platform_;
  const NodeIdentity& config_;
  std::uint32_t boot_epoch_;
  const HealthMonitor& health_;
  const DataServices& data_;
  std::deque<OneShot> one_shots_;  // awaiting the cloud's acknowledgement
  std::uint32_t next_one_shot_id_ = 1;
  VrrpState vrrp_state_ = VrrpState::initialize;
  std::map<Level, Time> open_;        // level conditions at the latest sample
  std::set<Episode> sent_episodes_;   // shown in the report with seq_
  std::set<Episode> acked_episodes_;  // shown in an acknowledged report
  std::uint64_t seq_ = 0;
  std::optional<Signature> sent_;  // of the report with seq_
  std::uint32_t sent_one_shot_id_max_ = 0;
  std::optional<Signature> acked_;
  std::uint64_t dropped_one_shots_ = 0;
  std::uint64_t reports_sent_ = 0;
};

}  // namespace edgetwin::fw
