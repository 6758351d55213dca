#pragma once
// The cloud side of a fleet-wide rollout: drives the RolloutPlanner (waves, download slots,
// pauses) over the network. It orders each site's box to fetch the version's images from the
// cloud registry, re-sends orders that got no answer (a lost datagram, a dead box: the next
// try goes to the site's other box), declares a site failed when it is not ready within
// `site_timeout`, and reports every step as an event.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/time.hpp"
#include "edgetwin/firmware/rollout/rollout_messages.hpp"
#include "edgetwin/firmware/rollout/rollout_planner.hpp"

namespace edgetwin::fw {

struct RolloutSite {
  std::string name;
  std::vector<std::string> boxes;  // the first one up downloads from the cloud
};

struct RolloutConfig {
  std::uint32_t id = 1;
  RolloutPlan plan;
  std::vector<ImageRef> images;
  std::vector<RolloutSite> sites;  // in rollout order
  Duration start_after = Duration::zero();
  Duration resend_every = Duration::seconds(30);
  Duration site_timeout = Duration::seconds(3600);
  // Health after the switch (docs/rollout.md, "Bad versions"): with a soak, a site whose images
  // are installed has its apps switched at once and counts as ready only when they run the new
  // versions with every replica ready for `soak` without a break; a replica that stops being
  // ready, or apps not steady `soak` after the switch, fail the site. Zero: ready when the
  // images are installed, the apps switched afterwards (the rollout of FORMATS.md).
  Duration soak = Duration::zero();
  Duration health_check_every = Duration::seconds(5);
  // A failed site that was switched goes back to the previous versions (rolling), and the
  // rollout pauses as it would anyway.
  bool rollback_on_failure = false;
  // A first deployment from the factory (docs/rollout.md, "First deployment"): a site is
  // ordered only once every box of it is activated (the cloud's node list says so through
  // on_site_activated), so sites installed days apart are not failed for being absent. A site
  // keeps its place in its wave; a wave waits for its sites' activations.
  bool await_activation = false;
};

// Why a site's apps are not steady on the versions asked for; nullopt when they are (every app
// on them, nothing upgrading or pending, every replica on a box the cloud hears is ready).
using AppsNotSteady = std::function<std::optional<std::string>(const std::string& site,
                                                               const std::vector<ImageRef>& images,
                                                               bool new_versions)>;

class RolloutController {
 public:
  RolloutController(Platform& platform, RolloutConfig config, std::uint32_t boot_epoch);
  void start();  // arms the start timer
  // A cloud that restarted: goes on from the progress this rollout persisted on the cloud's
  // disk (every change is written, synced), re-arming each site's timers without ordering it
  // again; false (nothing done) when no usable record is there.
  bool resume_from_disk();
  // Whether this rollout has a progress record on `disk` (it began before a restart).
  static bool persisted(const Disk& disk, std::uint32_t id);
  // A DeployStatus from a box; false when it does not belong to this rollout.
  bool on_status(const Address& from, const DeployStatus& status);

  // Called when a site settles: ready (its images are installed on every box that was up) or
  // failed. The cloud's app orchestration switches a ready site's apps to the new versions.
  // Called when the rollout pauses (true) and when it stops being paused (false): the
  // cloud's alerts watch it.
  void on_pause_change(std::function<void(bool paused, const std::string& why)> callback) {
    pause_observer_ = std::move(callback);
  }
  void on_site_settled(std::function<void(const std::string& site, bool ready)> callback) {
    on_settled_ = std::move(callback);
  }
  // The cloud's app lifecycle, for the soak: switch a site's apps to the rollout's versions
  // (also called without a soak, when the site is ready), tell how steady they are, and roll
  // them back to the previous versions.
  void on_site_switch(std::function<void(const std::string& site)> callback) {
    switch_ = std::move(callback);
  }
  void on_site_health(AppsNotSteady callback) { not_steady_ = std::move(callback); }
  void on_site_rollback(std::function<void(const std::string& site)> callback) {
    rollback_ = std::move(callback);
  }
  // With await_activation: whether every box of a site is activated (asked when the rollout
  // begins or a restarted cloud resumes it), and the news that a site's last box just was.
  void on_site_activated_query(std::function<bool(const std::string& site)> callback) {
    activated_ = std::move(callback);
  }
  void site_activated(const std::string& site);
  const RolloutConfig& config() const { return config_; }

  // The console's commands (authorized by agents/cloud_console.hpp); false when the rollout is
  // in no state to take them (not started, already paused, done).
  bool pause();
  bool resume();
  bool abort();
  // Every failed site goes again (re-ordered, timed and soaked afresh) when the rollout runs:
  // a paused rollout holds them until resumed. False when no site has failed.
  bool retry_failed();
  // Done, or aborted with nothing left downloading: another rollout may start.
  bool over() const;
  const RolloutPlanner* planner() const { return planner_ ? &*planner_ : nullptr; }

 private:
  struct SiteTimers {
    Time ordered_at{};
    std::uint32_t orders_sent = 0;
    std::optional<TimerId> resend;
    std::optional<TimerId> timeout;
    // The soak (soak > 0): when the apps were switched, since when they are steady, when a
    // roll-back began; one check timer for whichever is under way.
    std::optional<Time> switched_at;
    std::optional<Time> steady_since;
    std::optional<Time> rollback_at;
    bool rolled_back = false;
    std::optional<TimerId> check;
  };

  void begin();
  void advance();
  void order(std::size_t site);
  void settle(std::size_t site, bool ready, std::string_view why);
  void stop_timers(SiteTimers& t);
  void start_soak(std::size_t site);
  void check_soak(std::size_t site);
  void start_rollback(std::size_t site);
  void check_rollback(std::size_t site);
  bool soaking(std::size_t site) const { return timers_[site].switched_at.has_value(); }
  void report_waves();
  void save();
  void rearm(std::size_t site);
  bool settled(std::size_t site) const;
  void hold_unactivated();

  Platform& platform_;
  RolloutConfig config_;
  std::uint32_t boot_epoch_;
  std::optional<RolloutPlanner> planner_;
  std::function<void(const std::string&, bool)> on_settled_;
  std::vector<SiteTimers> timers_;
  std::map<std::string, std::size_t> site_index_;
  std::map<std::string, std::size_t> box_site_;
  Time started_at_{};
  std::size_t waves_started_ = 0;  // reported as events so far
  std::size_t waves_ended_ = 0;
  bool done_reported_ = false;
  bool dirty_ = false;  // progress changed since it was last written
  bool pause_reported_ = false;
  bool pause_notified_ = false;
  std::function<void(bool, const std::string&)> pause_observer_;
  std::function<void(const std::string&)> switch_;
  AppsNotSteady not_steady_;
  std::function<void(const std::string&)> rollback_;
  std::function<bool(const std::string&)> activated_;
};

}  // namespace edgetwin::fw
