#include "edgetwin/firmware/rollout/rollout_planner.hpp"

#include <algorithm>

namespace edgetwin::fw {

std::optional<std::string> RolloutPlanner::check(const RolloutPlan& p, std::size_t sites) {
  if (p.canary_sites < 0) return "canary_sites must be >= 0";
  if (p.wave_sites < 1) return "wave_sites must be >= 1";
  if (p.max_parallel_downloads < 1) return "max_parallel_downloads must be >= 1";
  if (p.pause_if_failed_sites < 1) return "pause_if_failed_sites must be >= 1";
  if (sites > kSitesMax) return "too many sites";
  return std::nullopt;
}

RolloutPlanner::RolloutPlanner(RolloutPlan plan, const std::vector<std::string>& sites, Time now)
    : plan_(std::move(plan)), started_at_(now) {
  const auto canaries = std::min(sites.size(), static_cast<std::size_t>(plan_.canary_sites));
  if (canaries > 0) waves_.push_back({{sites.begin(), sites.begin() + canaries}, {}, {}});
  for (std::size_t i = canaries; i < sites.size();
       i += static_cast<std::size_t>(plan_.wave_sites)) {
    const auto end = std::min(sites.size(), i + static_cast<std::size_t>(plan_.wave_sites));
    waves_.push_back({{sites.begin() + static_cast<std::ptrdiff_t>(i),
                       sites.begin() + static_cast<std::ptrdiff_t>(end)},
                      {},
                      {}});
  }
  for (std::size_t w = 0; w < waves_.size(); ++w)
    for (const auto& s : waves_[w].sites) sites_[s].wave = static_cast<int>(w);
  if (waves_.empty()) {
    state_ = RolloutState::done;
    done_at_ = now;
    return;
  }
  start_wave(0, now);
}

void RolloutPlanner::start_wave(std::size_t wave, Time now) {
  current_wave_ = wave;
  waves_[wave].started_at = now;
  for (const auto& s : waves_[wave].sites) {
    if (sites_[s].state != SiteRollout::waiting) continue;
    sites_[s].state = SiteRollout::queued;
    sites_[s].queued_at = now;
  }
}

std::vector<std::string> RolloutPlanner::next_downloads(Time now) {
  std::vector<std::string> out;
  if (state_ != RolloutState::running) return out;
  advance(now);
  // Earlier waves first: a retried site there goes before the current wave's.
  for (std::size_t w = 0; w <= current_wave_ && w < waves_.size(); ++w) {
    for (const auto& s : waves_[w].sites) {
      if (downloading_ >= plan_.max_parallel_downloads) return out;
      SiteProgress& p = sites_[s];
      if (p.state != SiteRollout::queued || held_.contains(s)) continue;
      p.state = SiteRollout::downloading;
      ++downloading_;
      out.push_back(s);
    }
  }
  return out;
}

SiteProgress* RolloutPlanner::find(const std::string& site, SiteRollout expected) {
  const auto it = sites_.find(site);
  return it == sites_.end() || it->second.state != expected ? nullptr : &it->second;
}

void RolloutPlanner::on_downloaded(const std::string& site, Time) {
  SiteProgress* p = find(site, SiteRollout::downloading);
  if (!p) return;  // late or duplicate report
  p->state = SiteRollout::installing;
  --downloading_;
}

void RolloutPlanner::on_ready(const std::string& site, Time now) {
  SiteProgress* p = find(site, SiteRollout::installing);
  if (!p) p = find(site, SiteRollout::downloading);  // a site that had the image already
  if (!p) return;
  if (p->state == SiteRollout::downloading) --downloading_;
  p->state = SiteRollout::ready;
  p->ready_at = now;
  advance(now);
}

void RolloutPlanner::on_failed(const std::string& site, const std::string& why, Time now) {
  const auto it = sites_.find(site);
  if (it == sites_.end()) return;
  SiteProgress& p = it->second;
  if (p.state != SiteRollout::downloading && p.state != SiteRollout::installing) return;
  if (p.state == SiteRollout::downloading) --downloading_;
  p.state = SiteRollout::failed;
  p.failure = why;
  ++failures_since_resume_;
  if (state_ == RolloutState::running && p.wave == 0 && plan_.canary_sites > 0)
    set_paused("canary site " + site + " failed: " + why);
  else if (state_ == RolloutState::running && failures_since_resume_ >= plan_.pause_if_failed_sites)
    set_paused(std::to_string(failures_since_resume_) + " sites failed, the last " + site + ": " +
               why);
  advance(now);
}

void RolloutPlanner::set_paused(std::string why) {
  state_ = RolloutState::paused;
  paused_because_ = std::move(why);
}

// A retried site of an earlier wave still on its way.
bool RolloutPlanner::busy() const {
  return std::any_of(sites_.begin(), sites_.end(), [](const auto& kv) {
    const auto st = kv.second.state;
    return st == SiteRollout::queued || st == SiteRollout::downloading ||
           st == SiteRollout::installing;
  });
}

bool RolloutPlanner::wave_done(std::size_t wave) const {
  return std::all_of(waves_[wave].sites.begin(), waves_[wave].sites.end(), [&](const auto& s) {
    const auto st = sites_.at(s).state;
    return st == SiteRollout::ready || st == SiteRollout::failed;
  });
}

// Closes finished waves and, while running, opens the next one.
void RolloutPlanner::advance(Time now) {
  while (current_wave_ < waves_.size() && wave_done(current_wave_)) {
    Wave& w = waves_[current_wave_];
    if (!w.ended_at) w.ended_at = now;
    if (current_wave_ + 1 == waves_.size()) {
      if (state_ == RolloutState::running && !busy()) {
        state_ = RolloutState::done;
        done_at_ = now;
      }
      return;
    }
    if (state_ != RolloutState::running) return;
    start_wave(current_wave_ + 1, now);
  }
}

bool RolloutPlanner::pause(Time) {
  if (state_ != RolloutState::running) return false;
  set_paused("paused by the operator");
  return true;
}

bool RolloutPlanner::resume(Time now) {
  if (state_ != RolloutState::paused) return false;
  state_ = RolloutState::running;
  paused_because_.clear();
  failures_since_resume_ = 0;
  advance(now);
  return true;
}

bool RolloutPlanner::abort(Time) {
  if (state_ == RolloutState::done || state_ == RolloutState::aborted) return false;
  state_ = RolloutState::aborted;
  for (auto& [name, p] : sites_)
    if (p.state == SiteRollout::queued) p.state = SiteRollout::waiting;  // never started
  return true;
}

bool RolloutPlanner::retry(const std::string& site, Time now) {
  SiteProgress* p = find(site, SiteRollout::failed);
  if (!p || state_ == RolloutState::aborted) return false;
  p->state = SiteRollout::queued;
  p->queued_at = now;
  p->failure.clear();
  if (state_ == RolloutState::done) {
    state_ = RolloutState::running;
    done_at_.reset();
  }
  return true;
}

void RolloutPlanner::hold(const std::string& site) {
  if (sites_.contains(site)) held_.insert(site);
}

void RolloutPlanner::release(const std::string& site) { held_.erase(site); }

int RolloutPlanner::failed() const {
  return static_cast<int>(std::count_if(sites_.begin(), sites_.end(), [](const auto& kv) {
    return kv.second.state == SiteRollout::failed;
  }));
}

std::optional<Duration> RolloutPlanner::total() const {
  if (state_ != RolloutState::done || !done_at_) return std::nullopt;
  return *done_at_ - started_at_;
}

}  // namespace edgetwin::fw
