#include "edgetwin/firmware/rollout/rollout_controller.hpp"

#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

namespace {

std::uint64_t total_bytes(const std::vector<ImageRef>& images) {
  std::uint64_t sum = 0;
  for (const auto& i : images) sum += i.bytes;
  return sum;
}

}  // namespace

RolloutController::RolloutController(Platform& platform, RolloutConfig config,
                                     std::uint32_t boot_epoch)
    : platform_(platform),
      config_(std::move(config)),
      boot_epoch_(boot_epoch),
      timers_(config_.sites.size()) {
  for (std::size_t i = 0; i < config_.sites.size(); ++i) {
    site_index_[config_.sites[i].name] = i;
    for (const auto& box : config_.sites[i].boxes) box_site_[box] = i;
  }
}

void RolloutController::start() {
  platform_.after(config_.start_after, [this] { begin(); });
}

void RolloutController::begin() {
  started_at_ = platform_.now();
  std::vector<std::string> names;
  for (const auto& s : config_.sites) names.push_back(s.name);
  planner_.emplace(config_.plan, names, started_at_);
  platform_.events().emit("rollout.start", {{"rollout", config_.id},
                                            {"system", config_.plan.system},
                                            {"sites", config_.sites.size()},
                                            {"waves", planner_->waves().size()},
                                            {"image_bytes", total_bytes(config_.images)}});
  advance();
}

// Starts what the planner allows and reports wave boundaries, a pause and the end.
void RolloutController::advance() {
  for (const auto& name : planner_->next_downloads(platform_.now())) order(site_index_.at(name));
  report_waves();
  const RolloutState state = planner_->state();
  if ((state == RolloutState::paused) != pause_notified_ && pause_observer_) {
    pause_notified_ = state == RolloutState::paused;
    pause_observer_(pause_notified_, planner_->paused_because());
  }
  if (state == RolloutState::paused && !pause_reported_) {
    pause_reported_ = true;
    platform_.events().emit("rollout.paused", {{"rollout", config_.id},
                                               {"failed_sites", planner_->failed()},
                                               {"why", planner_->paused_because()}});
  }
  const bool over = state == RolloutState::done ||
                    (state == RolloutState::aborted && planner_->downloading() == 0);
  if (over && !done_reported_) {
    done_reported_ = true;
    platform_.events().emit(
        "rollout.done", {{"rollout", config_.id},
                         {"ready_sites", config_.sites.size() - planner_->failed()},
                         {"failed_sites", planner_->failed()},
                         {"aborted", state == RolloutState::aborted},
                         {"total_s", (platform_.now() - started_at_).to_seconds()}});
  }
}

void RolloutController::report_waves() {
  const auto& waves = planner_->waves();
  auto emit = [&](std::size_t wave, const char* state) {
    platform_.events().emit("rollout.wave",
                            {{"rollout", config_.id}, {"wave", wave}, {"state", state}});
  };
  while (waves_started_ < waves.size() && waves[waves_started_].started_at) emit(waves_started_++, "start");
  while (waves_ended_ < waves_started_ && waves[waves_ended_].ended_at) emit(waves_ended_++, "end");
}

// Orders the site again every `resend_every` until it answers; each try goes to the next box
// of the site, so a dead downloader does not stall the site.
void RolloutController::order(std::size_t site) {
  SiteTimers& t = timers_[site];
  const RolloutSite& s = config_.sites[site];
  if (t.orders_sent == 0) {
    t.ordered_at = platform_.now();
    platform_.events().emit("rollout.site", {{"rollout", config_.id},
                                             {"site", s.name},
                                             {"state", "ordered"},
                                             {"wave", planner_->sites().at(s.name).wave}});
    t.timeout = platform_.after(config_.site_timeout,
                                [this, site] { settle(site, false, "timeout"); });
  }
  const std::string& box = s.boxes.at(t.orders_sent % s.boxes.size());
  ++t.orders_sent;
  const DeployOrder message{config_.id, config_.plan.system, kCloudAddress.node,
                            kCloudAddress.node, config_.images};
  platform_.send(Address{box}, Channel::firmware,
                 encode_envelope(MessageType::deploy_order, boot_epoch_, message.encode()));
  t.resend = platform_.after(config_.resend_every, [this, site] { order(site); });
}

bool RolloutController::on_status(const Address& from, const DeployStatus& status) {
  if (status.rollout != config_.id || status.node != from.node || !planner_) return false;
  const auto it = box_site_.find(from.node);
  if (it == box_site_.end()) return false;
  const std::size_t site = it->second;
  if (settled(site) || soaking(site)) return true;  // a late or repeated report
  SiteTimers& t = timers_[site];
  // The site answered: stop knocking while its downloader reports progress; if it falls
  // silent (it died), order the site again, which goes to its next box.
  if (t.resend) platform_.cancel(*t.resend);
  t.resend = platform_.after(config_.resend_every * 3, [this, site] { order(site); });
  const std::string& name = config_.sites[site].name;
  if (status.state == DeployState::installing) planner_->on_downloaded(name, platform_.now());
  if (status.state == DeployState::ready) {
    if (config_.soak > Duration::zero() && not_steady_)
      start_soak(site);
    else
      settle(site, true, "ready");
  }
  if (status.state == DeployState::failed) settle(site, false, "box gave up pulling");
  advance();
  return true;
}

bool RolloutController::settled(std::size_t site) const {
  const SiteRollout state = planner_->sites().at(config_.sites[site].name).state;
  return state == SiteRollout::ready || state == SiteRollout::failed;
}

void RolloutController::stop_timers(SiteTimers& t) {
  for (auto* timer : {&t.resend, &t.timeout, &t.check}) {
    if (*timer) platform_.cancel(**timer);
    timer->reset();
  }
}

void RolloutController::settle(std::size_t site, bool ready, std::string_view why) {
  if (settled(site)) return;
  SiteTimers& t = timers_[site];
  stop_timers(t);
  const std::string& name = config_.sites[site].name;
  if (ready) planner_->on_ready(name, platform_.now());
  else planner_->on_failed(name, std::string(why), platform_.now());
  platform_.events().emit("rollout.site", {{"rollout", config_.id},
                                           {"site", name},
                                           {"state", ready ? "ready" : "failed"},
                                           {"wave", planner_->sites().at(name).wave},
                                           {"why", why},
                                           {"elapsed_s", (platform_.now() - t.ordered_at).to_seconds()}});
  if (on_settled_) on_settled_(name, ready);
  if (ready && !t.switched_at && switch_) switch_(name);
  if (!ready && t.switched_at && config_.rollback_on_failure && rollback_) start_rollback(site);
  advance();
}

// The images are on every box of the site: its apps switch now, and the site is judged on
// their health (RolloutConfig::soak). Its download slot is free; its wave waits for the verdict.
void RolloutController::start_soak(std::size_t site) {
  SiteTimers& t = timers_[site];
  stop_timers(t);
  const std::string& name = config_.sites[site].name;
  planner_->on_downloaded(name, platform_.now());
  t.switched_at = platform_.now();
  platform_.events().emit("rollout.site", {{"rollout", config_.id},
                                           {"site", name},
                                           {"state", "switched"},
                                           {"wave", planner_->sites().at(name).wave},
                                           {"soak_s", config_.soak.to_seconds()}});
  if (switch_) switch_(name);
  t.check = platform_.after(config_.health_check_every, [this, site] { check_soak(site); });
}

void RolloutController::check_soak(std::size_t site) {
  SiteTimers& t = timers_[site];
  t.check.reset();
  if (settled(site)) return;  // the operator or the timeout decided meanwhile
  const Time now = platform_.now();
  const auto why = not_steady_(config_.sites[site].name, config_.images, true);
  if (why && t.steady_since) return settle(site, false, "unhealthy after the switch: " + *why);
  if (why && now - *t.switched_at >= config_.soak)
    return settle(site, false, "not healthy within the soak: " + *why);
  if (!why && !t.steady_since) t.steady_since = now;
  if (!why && now - *t.steady_since >= config_.soak) return settle(site, true, "healthy");
  t.check = platform_.after(config_.health_check_every, [this, site] { check_soak(site); });
}

void RolloutController::start_rollback(std::size_t site) {
  SiteTimers& t = timers_[site];
  t.rollback_at = platform_.now();
  const std::string& name = config_.sites[site].name;
  platform_.events().emit("rollout.site", {{"rollout", config_.id},
                                           {"site", name},
                                           {"state", "rolling_back"},
                                           {"wave", planner_->sites().at(name).wave}});
  rollback_(name);
  t.check = platform_.after(config_.health_check_every, [this, site] { check_rollback(site); });
}

// The roll-back is over when the site's apps are steady on the previous versions.
void RolloutController::check_rollback(std::size_t site) {
  SiteTimers& t = timers_[site];
  t.check.reset();
  const std::string& name = config_.sites[site].name;
  if (not_steady_(name, config_.images, false)) {
    t.check = platform_.after(config_.health_check_every, [this, site] { check_rollback(site); });
    return;
  }
  platform_.events().emit("rollout.site",
                          {{"rollout", config_.id},
                           {"site", name},
                           {"state", "rolled_back"},
                           {"wave", planner_->sites().at(name).wave},
                           {"rollback_s", (platform_.now() - *t.rollback_at).to_seconds()}});
}

bool RolloutController::pause() {
  if (!planner_ || !planner_->pause(platform_.now())) return false;
  advance();  // reports the pause
  return true;
}

bool RolloutController::resume() {
  if (!planner_ || !planner_->resume(platform_.now())) return false;
  pause_reported_ = false;
  platform_.events().emit("rollout.resumed", {{"rollout", config_.id}});
  advance();
  return true;
}

bool RolloutController::abort() {
  if (!planner_ || !planner_->abort(platform_.now())) return false;
  platform_.events().emit("rollout.aborted", {{"rollout", config_.id}});
  advance();
  return true;
}

}  // namespace edgetwin::fw
