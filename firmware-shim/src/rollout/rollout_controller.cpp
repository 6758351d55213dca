#include "edgetwin/firmware/rollout/rollout_controller.hpp"

#include <string>

#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

namespace {

using Json = nlohmann::json;

std::string record_key(std::uint32_t id) { return "cloud/rollout/" + std::to_string(id); }

Json time_or_null(const std::optional<Time>& t) { return t ? Json(t->count_ns()) : Json(nullptr); }

std::optional<Time> time_of(const Json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return Time::from_ns(it->get<std::int64_t>());
}

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
  hold_unactivated();
  dirty_ = true;
  platform_.events().emit("rollout.start", {{"rollout", config_.id},
                                            {"system", config_.plan.system},
                                            {"sites", config_.sites.size()},
                                            {"waves", planner_->waves().size()},
                                            {"image_bytes", total_bytes(config_.images)}});
  advance();
}

void RolloutController::hold_unactivated() {
  if (!config_.await_activation || !activated_) return;
  for (const auto& s : config_.sites)
    if (!activated_(s.name)) planner_->hold(s.name);
}

void RolloutController::site_activated(const std::string& site) {
  if (!config_.await_activation || !planner_ || !planner_->held(site)) return;
  planner_->release(site);
  platform_.events().emit("rollout.site", {{"rollout", config_.id},
                                           {"site", site},
                                           {"state", "activated"},
                                           {"wave", planner_->sites().at(site).wave}});
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
    dirty_ = true;
  }
  save();
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
    dirty_ = true;
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
  // Retried and not ordered again yet: what the box says belongs to the order before.
  const SiteRollout now_state = planner_->sites().at(config_.sites[site].name).state;
  if (now_state == SiteRollout::queued || now_state == SiteRollout::waiting) return true;
  SiteTimers& t = timers_[site];
  // The site answered: stop knocking while its downloader reports progress; if it falls
  // silent (it died), order the site again, which goes to its next box.
  if (t.resend) platform_.cancel(*t.resend);
  t.resend = platform_.after(config_.resend_every * 3, [this, site] { order(site); });
  const std::string& name = config_.sites[site].name;
  const SiteRollout before = planner_->sites().at(name).state;
  if (status.state == DeployState::installing) planner_->on_downloaded(name, platform_.now());
  if (planner_->sites().at(name).state != before) {
    dirty_ = true;
    // Every image is on site: the rest of the site's time is installing (docs/rollout.md).
    if (config_.await_activation)
      platform_.events().emit("rollout.site", {{"rollout", config_.id},
                                               {"site", name},
                                               {"state", "downloaded"},
                                               {"wave", planner_->sites().at(name).wave}});
  }
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
  dirty_ = true;
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
  dirty_ = true;
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
  dirty_ = true;
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
  t.rolled_back = true;
  dirty_ = true;
  save();
  platform_.events().emit("rollout.site",
                          {{"rollout", config_.id},
                           {"site", name},
                           {"state", "rolled_back"},
                           {"wave", planner_->sites().at(name).wave},
                           {"rollback_s", (platform_.now() - *t.rollback_at).to_seconds()}});
}

bool RolloutController::pause() {
  if (!planner_ || !planner_->pause(platform_.now())) return false;
  dirty_ = true;
  advance();  // reports the pause
  return true;
}

bool RolloutController::resume() {
  if (!planner_ || !planner_->resume(platform_.now())) return false;
  pause_reported_ = false;
  dirty_ = true;
  platform_.events().emit("rollout.resumed", {{"rollout", config_.id}});
  advance();
  return true;
}

bool RolloutController::abort() {
  if (!planner_ || !planner_->abort(platform_.now())) return false;
  dirty_ = true;
  platform_.events().emit("rollout.aborted", {{"rollout", config_.id}});
  advance();
  return true;
}

bool RolloutController::retry_failed() {
  if (!planner_) return false;
  const Time now = platform_.now();
  std::size_t retried = 0;
  for (std::size_t site = 0; site < config_.sites.size(); ++site) {
    if (!planner_->retry(config_.sites[site].name, now)) continue;  // not failed
    // A fresh start: its order, timeout and soak count from the next order.
    stop_timers(timers_[site]);
    timers_[site] = SiteTimers{};
    ++retried;
  }
  if (retried == 0) return false;
  done_reported_ = false;  // a done rollout runs again until its retried sites settle
  dirty_ = true;
  platform_.events().emit("rollout.retry", {{"rollout", config_.id}, {"sites", retried}});
  advance();
  return true;
}

bool RolloutController::over() const {
  if (!planner_) return false;
  const RolloutState state = planner_->state();
  return state == RolloutState::done ||
         (state == RolloutState::aborted && planner_->downloading() == 0);
}

// Synced on every change of progress: what a site was told, and what the rollout decided, must
// survive the cloud's crash, or a restarted cloud would order sites again or forget a failure.
void RolloutController::save() {
  if (!dirty_ || !planner_) return;
  dirty_ = false;
  Json sites = Json::array();
  for (const SiteTimers& t : timers_)
    sites.push_back(
        {{"ordered_at", t.orders_sent > 0 ? Json(t.ordered_at.count_ns()) : Json(nullptr)},
         {"switched_at", time_or_null(t.switched_at)},
         {"rollback_at", time_or_null(t.rollback_at)},
         {"rolled_back", t.rolled_back}});
  const Json record{{"rollout", config_.id},
                    {"planner", planner_->save()},
                    {"sites", std::move(sites)},
                    {"waves_started", waves_started_},
                    {"waves_ended", waves_ended_},
                    {"done_reported", done_reported_},
                    {"pause_reported", pause_reported_}};
  const std::string text = record.dump();
  platform_.disk().write(record_key(config_.id),
                         {reinterpret_cast<const std::byte*>(text.data()), text.size()},
                         Durability::synced);
}

bool RolloutController::persisted(const Disk& disk, std::uint32_t id) {
  return disk.present(record_key(id));
}

bool RolloutController::resume_from_disk() {
  const auto bytes = platform_.disk().read(record_key(config_.id));
  if (!bytes) return false;
  const Json record =
      Json::parse(reinterpret_cast<const char*>(bytes->data()),
                  reinterpret_cast<const char*>(bytes->data()) + bytes->size(), nullptr, false);
  if (!record.is_object() || !record.contains("planner") || !record.contains("sites") ||
      !record["sites"].is_array() || record["sites"].size() != timers_.size())
    return false;
  std::vector<std::string> names;
  for (const auto& s : config_.sites) names.push_back(s.name);
  const auto started = time_of(record["planner"], "started_at");
  if (!started) return false;
  RolloutPlanner planner(config_.plan, names, *started);
  if (!planner.restore(record["planner"])) return false;
  planner_.emplace(std::move(planner));
  hold_unactivated();
  started_at_ = *started;
  for (std::size_t i = 0; i < timers_.size(); ++i) {
    const Json& s = record["sites"][i];
    SiteTimers& t = timers_[i];
    if (const auto ordered = time_of(s, "ordered_at")) t.ordered_at = *ordered, t.orders_sent = 1;
    t.switched_at = time_of(s, "switched_at");
    t.rollback_at = time_of(s, "rollback_at");
    t.rolled_back = s.value("rolled_back", false);
  }
  waves_started_ = record.value("waves_started", std::size_t{0});
  waves_ended_ = record.value("waves_ended", std::size_t{0});
  done_reported_ = record.value("done_reported", false);
  pause_reported_ = record.value("pause_reported", false);
  pause_notified_ = false;  // the cloud's alerts start afresh: tell them again
  std::size_t in_progress = 0;
  for (std::size_t i = 0; i < timers_.size(); ++i) {
    if (settled(i) && !(timers_[i].rollback_at && !timers_[i].rolled_back)) continue;
    if (planner_->sites().at(config_.sites[i].name).state == SiteRollout::queued) continue;
    rearm(i);
    ++in_progress;
  }
  std::size_t ready = 0;
  for (const auto& [name, p] : planner_->sites()) ready += p.state == SiteRollout::ready ? 1 : 0;
  platform_.events().emit("rollout.restored", {{"rollout", config_.id},
                                               {"ready_sites", ready},
                                               {"failed_sites", planner_->failed()},
                                               {"in_progress_sites", in_progress}});
  advance();
  return true;
}

// A site under way when the cloud stopped: its box goes on by itself (edge autonomy); the cloud
// only watches it again. An ordered site is knocked on again after one re-send period (the same
// order: the box takes it as a repeat) and keeps its first order's timeout; a soak or a
// roll-back is checked again from now.
void RolloutController::rearm(std::size_t site) {
  SiteTimers& t = timers_[site];
  const Time now = platform_.now();
  if (t.rollback_at && !t.rolled_back) {
    t.check = platform_.after(config_.health_check_every, [this, site] { check_rollback(site); });
    return;
  }
  if (t.switched_at) {
    // Not watched while the cloud was down, and the restarted cloud knows no replica ready until
    // the boxes report again: the soak counts again from now, as if switched now.
    t.switched_at = now;
    t.steady_since.reset();
    t.check = platform_.after(config_.health_check_every, [this, site] { check_soak(site); });
    return;
  }
  if (t.orders_sent == 0) return;
  const Time deadline = t.ordered_at + config_.site_timeout;
  t.timeout = platform_.after(deadline > now ? deadline - now : Duration::zero(),
                              [this, site] { settle(site, false, "timeout"); });
  t.resend = platform_.after(config_.resend_every, [this, site] { order(site); });
}

}  // namespace edgetwin::fw
