#include "edgetwin/firmware/alerts/condition_tracker.hpp"

#include <algorithm>
#include <cmath>

#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {
namespace {

std::uint32_t milli(double v) { return static_cast<std::uint32_t>(std::llround(v * 1000.0)); }

ReportedReadiness readiness(std::optional<bool> ready) {
  if (!ready) return ReportedReadiness::unknown;
  return *ready ? ReportedReadiness::ready : ReportedReadiness::not_ready;
}

}  // namespace

ConditionTracker::ConditionTracker(Platform& platform, const NodeIdentity& config,
                                   std::uint32_t boot_epoch, const HealthMonitor& health,
                                   const DataServices& data)
    : platform_(platform), config_(config), boot_epoch_(boot_epoch), health_(health), data_(data) {}

// The phase comes from the box's name (FNV-1a), not from the random stream: boxes that boot
// together still spread their reports, and adding this component did not shift the random
// draws of the others (so existing scenarios keep their trajectories).
void ConditionTracker::start() {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char ch : config_.name)
    hash = (hash ^ static_cast<unsigned char>(ch)) * 0x100000001b3ULL;
  const auto interval_ns = static_cast<std::uint64_t>(config_.timing.cloud_interval.count_ns());
  const auto phase = Duration::nanoseconds(static_cast<std::int64_t>(hash % interval_ns));
  platform_.after(phase, [this] { tick(); });
}

// A takeover is a backup -> master move after hearing a peer as master in this boot; the
// first election after boot (nobody heard yet) is not a failover.
void ConditionTracker::on_vrrp_state(const VrrpInstance& vrrp, VrrpState state) {
  const VrrpState previous = std::exchange(vrrp_state_, state);
  if (state != VrrpState::master || previous != VrrpState::backup) return;
  std::optional<Time> latest;
  std::string peer;
  for (const Address& p : config_.peers) {
    const auto heard = vrrp.last_advert_from(p);
    if (heard && (!latest || *heard > *latest)) latest = heard, peer = p.node;
  }
  if (latest) add_one_shot(ConditionKind::vip_failover, peer, platform_.now());
}

void ConditionTracker::add_one_shot(ConditionKind kind, std::string subject, Time at) {
  if (one_shots_.size() >= kPendingOneShotsMax) {
    one_shots_.pop_front();
    ++dropped_one_shots_;
  }
  one_shots_.push_back({next_one_shot_id_++, kind, std::move(subject), at});
}

void ConditionTracker::on_ack(const ConditionAck& ack) {
  if (ack.seq == 0 || ack.seq != seq_ || !sent_) return;  // only the latest report counts
  acked_ = sent_;
  acked_episodes_.insert(sent_episodes_.begin(), sent_episodes_.end());
  const std::uint32_t delivered = sent_one_shot_id_max_;
  std::erase_if(one_shots_, [delivered](const OneShot& o) { return o.id <= delivered; });
}

std::map<ConditionTracker::Level, Time> ConditionTracker::active_levels() const {
  std::map<Level, Time> out;
  for (const auto& c : platform_.runtime().containers())
    if (auto since = health_.unhealthy_since(c.spec.name))
      out[{ConditionKind::app_unhealthy, c.spec.name}] = *since;
  for (const auto& [app, service] : data_)
    if (auto since = service->async_since()) out[{ConditionKind::data_async, app}] = *since;
  return out;
}

// An episode that ended unseen by the cloud is not lost: it goes out as a one-shot.
void ConditionTracker::close_episodes() {
  std::map<Level, Time> now_open = active_levels();
  for (const auto& [level, since] : open_) {
    auto still = now_open.find(level);
    if (still != now_open.end() && still->second == since) continue;
    if (!acked_episodes_.contains({level, since})) add_one_shot(level.first, level.second, since);
  }
  std::erase_if(acked_episodes_, [&now_open](const Episode& e) {
    auto it = now_open.find(e.first);
    return it == now_open.end() || it->second != e.second;
  });
  open_ = std::move(now_open);
}

std::uint32_t ConditionTracker::age_ms(Time since) const {
  const std::int64_t ms = (platform_.now() - since).count_ns() / 1'000'000;
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(ms, 0, kHealthyAge - 1));
}

std::vector<ReportedContainer> ConditionTracker::containers() const {
  std::vector<ReportedContainer> out;
  for (const auto& c : platform_.runtime().containers()) {  // sorted by name
    if (c.state == ContainerState::stopped) continue;
    ReportedContainer r;
    r.name = c.spec.name;
    r.app = c.spec.app;
    r.state = c.state;
    r.ready = readiness(health_.ready(c.spec.name));
    r.cpu_request_milli = milli(c.spec.cpu_request);
    r.memory_request_mib = static_cast<std::uint32_t>(std::llround(c.spec.memory_request_mib));
    if (auto since = health_.unhealthy_since(c.spec.name)) r.unhealthy_age_ms = age_ms(*since);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ReportedCondition> ConditionTracker::conditions() const {
  std::vector<ReportedCondition> out;
  for (const auto& o : one_shots_) out.push_back({o.kind, o.subject, age_ms(o.at), o.id});
  for (const auto& [app, service] : data_)  // by app name
    if (auto since = service->async_since())
      out.push_back({ConditionKind::data_async, app, age_ms(*since), 0});
  return out;
}

// Conditions first (they raise alerts), then containers, each while the payload stays within
// its bounds; what does not fit is counted in `omitted`.
ConditionReport ConditionTracker::snapshot() const {
  ConditionReport r;
  r.seq = seq_ + 1;
  std::size_t bytes = kConditionReportFixedBytes;
  std::size_t omitted = 0;
  for (auto& c : conditions()) {
    const bool fits = r.conditions.size() < kReportedConditionsMax &&
                      c.subject.size() <= kMonitoringNameBytesMax &&
                      bytes + encoded_size(c) <= kPayloadBytesMax;
    if (!fits) {
      ++omitted;
      continue;
    }
    bytes += encoded_size(c);
    r.conditions.push_back(std::move(c));
  }
  for (auto& c : containers()) {
    const bool fits =
        r.containers.size() < kReportedContainersMax && c.name.size() <= kMonitoringNameBytesMax &&
        c.app.size() <= kMonitoringNameBytesMax && bytes + encoded_size(c) <= kPayloadBytesMax;
    if (!fits) {
      ++omitted;
      continue;
    }
    bytes += encoded_size(c);
    r.containers.push_back(std::move(c));
  }
  r.omitted = static_cast<std::uint16_t>(std::min<std::size_t>(omitted, 0xFFFF));
  return r;
}

ConditionTracker::Signature ConditionTracker::signature_of(const ConditionReport& report) {
  Signature s{report.containers, {}};
  for (auto& c : s.containers) c.unhealthy_age_ms = c.healthy() ? kHealthyAge : 0;
  for (const auto& c : report.conditions)
    if (c.event_id == 0) s.levels.emplace_back(c.kind, c.subject);
  return s;
}

void ConditionTracker::tick() {
  platform_.after(config_.timing.cloud_interval, [this] { tick(); });
  close_episodes();
  ConditionReport report = snapshot();
  Signature signature = signature_of(report);
  if (one_shots_.empty() && acked_ && *acked_ == signature) return;  // the cloud knows it
  seq_ = report.seq;
  sent_ = std::move(signature);
  sent_one_shot_id_max_ = 0;
  for (const auto& c : report.conditions)
    sent_one_shot_id_max_ = std::max(sent_one_shot_id_max_, c.event_id);
  // What the report shows of the open episodes (all of them unless the payload was full).
  sent_episodes_.clear();
  // Not captured as a structured binding: clang 14 (the fuzz build) cannot.
  for (const auto& [level, since] : open_) {
    const auto& key = level;
    const bool shown =
        level.first == ConditionKind::app_unhealthy
            ? std::ranges::any_of(report.containers,
                                  [&](const auto& c) { return c.name == key.second; })
            : std::ranges::any_of(report.conditions, [&](const auto& c) {
                return !c.one_shot() && c.kind == key.first && c.subject == key.second;
              });
    if (shown) sent_episodes_.insert({level, since});
  }
  ++reports_sent_;
  platform_.send(config_.cloud, Channel::firmware,
                 encode_envelope(MessageType::condition_report, boot_epoch_, report.encode()));
}

}  // namespace edgetwin::fw
