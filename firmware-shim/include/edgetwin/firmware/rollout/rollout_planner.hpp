#pragma once
// The cloud's fleet-wide rollout of a business system version (batch replication): canary
// sites first, then waves of `wave_sites`; a wave starts when every site of the previous one is
// ready or failed; at most `max_parallel_downloads` sites download at once. A failing canary
// pauses the rollout; so do `pause_if_failed_sites` failures (FORMATS.md: "paused when
// pause_if_failed_sites sites fail"), counted again from zero after each resume. An operator
// resumes (a failed site may first be retried) or aborts (nothing new starts; what is under
// way finishes).
//
// Sans-IO like the ngtcp2 state machines: the caller passes `now` with every event, starts the
// downloads next_downloads() hands out, and reports each site's download end, readiness or
// failure. The planner keeps the times for the metrics: per-wave start/end, per-site
// time-to-ready, rollout total.
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/result.hpp"
#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::fw {

struct RolloutPlan {
  std::string system;
  std::string version;
  int canary_sites = 1;
  int wave_sites = 50;
  int max_parallel_downloads = 100;
  int pause_if_failed_sites = 2;
};

enum class SiteRollout { waiting, queued, downloading, installing, ready, failed };
enum class RolloutState { running, paused, aborted, done };

struct SiteProgress {
  SiteRollout state = SiteRollout::waiting;
  int wave = 0;  // 0: the canary wave
  std::optional<Time> queued_at;
  std::optional<Time> ready_at;
  std::string failure;
};

struct Wave {
  std::vector<std::string> sites;
  std::optional<Time> started_at;
  std::optional<Time> ended_at;  // every site ready or failed
};

class RolloutPlanner {
 public:
  static constexpr std::size_t kSitesMax = 100'000;

  // nullopt when the plan is unusable; otherwise why not.
  static std::optional<std::string> check(const RolloutPlan& plan, std::size_t sites);
  // `sites` in rollout order: the first `canary_sites` are the canaries.
  RolloutPlanner(RolloutPlan plan, const std::vector<std::string>& sites, Time now);

  // Sites that may start downloading now (each marked downloading).
  std::vector<std::string> next_downloads(Time now);
  void on_downloaded(const std::string& site, Time now);  // frees a download slot
  void on_ready(const std::string& site, Time now);
  void on_failed(const std::string& site, const std::string& why, Time now);

  bool pause(Time now);
  bool resume(Time now);
  bool abort(Time now);
  // A failed site goes again (before the current wave's sites); the wave keeps its first end.
  bool retry(const std::string& site, Time now);

  // A first deployment (RolloutConfig::await_activation): a held site keeps its place in its
  // wave but is not handed out until released, when its boxes are activated. Holds are not
  // part of save(): the cloud derives them again from its node list.
  void hold(const std::string& site);
  void release(const std::string& site);
  bool held(const std::string& site) const { return held_.contains(site); }

  RolloutState state() const { return state_; }
  const std::string& paused_because() const { return paused_because_; }
  const std::vector<Wave>& waves() const { return waves_; }
  const std::map<std::string, SiteProgress>& sites() const { return sites_; }
  int downloading() const { return downloading_; }
  int failed() const;
  std::optional<Duration> total() const;  // start to the last wave's end, once done

  // Its progress as the cloud persists it (rollout_record.cpp), and back: a cloud that
  // restarts goes on from there. restore() is false, and changes nothing, for a record that
  // does not fit the planner's sites (another plan, a torn write).
  nlohmann::json save() const;
  bool restore(const nlohmann::json& record);

 private:
  void start_wave(std::size_t wave, Time now);
  void advance(Time now);
  bool wave_done(std::size_t wave) const;
  bool busy() const;
  void set_paused(std::string why);
  SiteProgress* find(const std::string& site, SiteRollout expected);

  RolloutPlan plan_;
  Time started_at_;
  std::optional<Time> done_at_;
  std::vector<Wave> waves_;
  std::map<std::string, SiteProgress> sites_;
  std::set<std::string> held_;
  std::size_t current_wave_ = 0;
  int downloading_ = 0;
  int failures_since_resume_ = 0;
  RolloutState state_ = RolloutState::running;
  std::string paused_because_;
};

}  // namespace edgetwin::fw
