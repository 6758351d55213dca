#include "edgetwin/firmware/ha/vip_lease.hpp"

#include <algorithm>

#include "edgetwin/firmware/base/invariant.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

VipLease::VipLease(Platform& platform, LeaseConfig config, std::function<void(bool)> on_change)
    : platform_(platform),
      config_(std::move(config)),
      on_change_(std::move(on_change)),
      permitted_(!config_.required) {
  EDGETWIN_ASSERT(config_.grantors.size() + (config_.witness ? 1 : 0) <= kGrantorsMax,
                  "a lease has at most kGrantorsMax grantors");
  for (const auto& address : config_.grantors) grantors_.push_back({address, Time{}});
  // With more peers than one, one peer's grant does not exclude the others: the witness is
  // asked every round, as the peers are.
  if (config_.witness)
    grantors_.push_back({*config_.witness, Time{}, false, config_.grantors.size() == 1});
}

VipLease::~VipLease() {
  platform_.cancel(renew_timer_);
  platform_.cancel(retry_timer_);
  platform_.cancel(wakeup_timer_);
}

void VipLease::want(bool wanted) {
  if (!config_.required || wanted == wanted_) return;
  wanted_ = wanted;
  peer_granted_this_round_ = false;  // a new master asks the witness at once
  platform_.cancel(renew_timer_);
  platform_.cancel(retry_timer_);
  renew_timer_ = retry_timer_ = 0;
  if (wanted_) {
    renew();
    return;
  }
  // Not master any more: the lease is let go at once rather than left to run out.
  for (auto& g : grantors_) g.valid_until = Time{};
  sent_at_.clear();
  update();
}

// Whether a round must ask the witness from its start: the peer did not grant in the round
// that ends now, or the witness is too far for a request sent at the retry to be answered
// before the peer's last grant ends. Counted from the round's start t: the peer's last grant
// (from a request sent at t - renew_every) ends at t - renew_every + duration less the drift
// allowance; the witness is asked at t + retry_after. Half that margin is left for the round
// trip to vary (a WAN's queues), so a witness is skipped only when twice its measured round
// trip fits.
bool VipLease::witness_needed_from_round_start() const {
  if (!peer_granted_this_round_ || !witness_rtt_) return true;
  const Duration margin = config_.duration - config_.duration * kDriftAllowancePerMille / 1000 -
                          config_.renew_every - config_.retry_after;
  return *witness_rtt_ * 2 > margin;
}

// A new round: every grantor is asked (the witness only when needed, above), and asked again
// while it stays silent.
void VipLease::renew() {
  const bool witness_needed = witness_needed_from_round_start();
  std::vector<const Grantor*> to;
  for (auto& g : grantors_) {
    g.answered = false;
    g.asked = !g.on_demand || witness_needed;
    if (g.asked)
      to.push_back(&g);
    else
      ++stats_.witness_rounds_skipped;
  }
  peer_granted_this_round_ = false;
  round_seq_ = seq_ + 1;
  retries_left_ = kRetriesMax;
  send_request(to);
  renew_timer_ = platform_.after(config_.renew_every, [this] { renew(); });
  platform_.cancel(retry_timer_);
  retry_timer_ = platform_.after(config_.retry_after, [this] { retry(); });
}

// The grantors still silent are asked again; the witness, if this round has not asked it, is
// asked now that the peer's grant is missing (refused or not answered).
void VipLease::retry() {
  retry_timer_ = 0;
  if (retries_left_ <= 0) return;
  std::vector<const Grantor*> to;
  for (auto& g : grantors_) {
    if (g.asked && !g.answered) {
      to.push_back(&g);
      ++stats_.retries;
    } else if (!g.asked && !peer_granted_this_round_) {
      g.asked = true;
      to.push_back(&g);
      --stats_.witness_rounds_skipped;  // it was asked in this round after all
    }
  }
  if (to.empty()) return;
  --retries_left_;
  send_request(to);
  if (retries_left_ > 0) retry_timer_ = platform_.after(config_.retry_after, [this] { retry(); });
}

// Each request has its own sequence number and send time: a grant is counted from the send of
// the request it answers.
void VipLease::send_request(const std::vector<const Grantor*>& to) {
  const LeaseRequest request{config_.site, config_.self, ++seq_,
                             static_cast<std::uint32_t>(config_.duration.count_ns() / 1'000'000)};
  if (sent_at_.size() >= kPendingMax) sent_at_.erase(sent_at_.begin());
  sent_at_[request.seq] = platform_.now();
  const Bytes bytes =
      encode_envelope(MessageType::lease_request, config_.boot_epoch, request.encode());
  for (const Grantor* g : to) {
    platform_.send(g->address, Channel::firmware, bytes);
    ++stats_.requests_sent;
  }
}

VipLease::Grantor* VipLease::grantor(const Address& address) {
  for (auto& g : grantors_)
    if (g.address == address) return &g;
  return nullptr;
}

void VipLease::on_reply(const Address& from, const LeaseReply& reply) {
  Grantor* g = grantor(from);
  auto sent = sent_at_.find(reply.seq);
  if (!wanted_ || !g || sent == sent_at_.end() || reply.site != config_.site) {
    ++stats_.replies_ignored;  // unsolicited: not trusted
    return;
  }
  if (reply.seq >= round_seq_) g->answered = true;  // a refusal is an answer too: no retry
  if (g->on_demand) witness_rtt_ = platform_.now() - sent->second;
  if (!reply.granted || reply.holder != config_.self) {
    ++stats_.replies_ignored;
    return;
  }
  if (!g->on_demand && reply.seq >= round_seq_) peer_granted_this_round_ = true;
  // Never trusted for longer than asked: a grantor's (or a forger's) 49 days are two intervals.
  const Duration granted = std::min(Duration::milliseconds(reply.duration_ms), config_.duration);
  const Time until = sent->second + granted - granted * kDriftAllowancePerMille / 1000;
  if (until <= g->valid_until) {
    ++stats_.replies_ignored;
    return;
  }
  ++stats_.grants_accepted;
  const Time end_before = lease_end();
  g->valid_until = until;
  // Checked where a grant is taken, the only place valid_until grows: time only makes it
  // truer, so the per-event check_invariants need not read every grantor.
  EDGETWIN_ASSERT(until <= platform_.now() + config_.duration,
                  "no grant is trusted for longer than the lease's duration");
  arm_wakeup();
  const bool was_permitted = permitted_;
  update();
  // Already permitted and the lease got longer: tell the owner, so the VIP's lifetime follows.
  if (was_permitted && permitted_ && lease_end() != end_before) on_change_(true);
}

void VipLease::fence_until(Time until) {
  if (!config_.required || until <= fenced_until_) return;
  fenced_until_ = until;
  update();
  arm_wakeup();
}

bool VipLease::counts_grant_from(const Address& address) const {
  for (const auto& g : grantors_)
    if (g.address == address) return wanted_ && g.valid_until > platform_.now();
  return false;
}

void VipLease::lift_fence(Time until) {
  if (!config_.required || until >= fenced_until_) return;
  fenced_until_ = until;
  update();
  arm_wakeup();
}

void VipLease::release() {
  if (!config_.required) return;
  want(false);
  if (seq_ == 0) return;  // never asked: no grantor holds a grant of this boot
  const LeaseRelease release{config_.site, config_.self, seq_};
  const Bytes bytes =
      encode_envelope(MessageType::lease_release, config_.boot_epoch, release.encode());
  for (const auto& g : grantors_) {
    platform_.send(g.address, Channel::firmware, bytes);
    ++stats_.releases_sent;
  }
}

Time VipLease::lease_end() const {
  Time end;
  for (const auto& g : grantors_) end = std::max(end, g.valid_until);
  return end;
}

std::optional<Time> VipLease::valid_until() const {
  const Time end = lease_end();
  if (!config_.required || end <= platform_.now()) return std::nullopt;
  return end;
}

// Wakes when the permission can change next: the fence ends, or the last live grant does.
void VipLease::arm_wakeup() {
  platform_.cancel(wakeup_timer_);
  wakeup_timer_ = 0;
  wakeup_at_.reset();
  const Time now = platform_.now();
  std::optional<Time> next;
  for (Time t : {fenced_until_, lease_end()})
    if (t > now && (!next || t < *next)) next = t;
  if (!next) return;
  wakeup_at_ = *next;
  wakeup_timer_ = platform_.after(*next - now, [this] {
    wakeup_timer_ = 0;
    wakeup_at_.reset();
    update();
    arm_wakeup();
  });
}

void VipLease::update() {
  const Time now = platform_.now();
  const bool permitted =
      !config_.required || (wanted_ && now < lease_end() && now >= fenced_until_);
  if (permitted == permitted_) return;
  permitted_ = permitted;
  if (!permitted_) ++stats_.lapses;
  platform_.events().emit("lease", {{"permitted", permitted_}});
  on_change_(permitted_);
}

void VipLease::check_invariants() const {
  if (!config_.required) return;
  const Time now = platform_.now();
  // A loop that woke late (SIGSTOP, swap) runs its due timers in deadline order: until the
  // overdue wake-up at the lease's end has run, the lease may look permitted past its end. The
  // platform dropped the VIP at its lifetime's end meanwhile (NetConfig::claim_vip).
  const bool catching_up = wakeup_at_ && *wakeup_at_ <= lease_end() && *wakeup_at_ <= now;
  EDGETWIN_ASSERT(!permitted_ || now <= lease_end() || catching_up,
                  "the VIP is permitted only until the lease's expiry (or its overdue wake-up)");
  EDGETWIN_ASSERT(!permitted_ || now >= fenced_until_,
                  "the VIP is not permitted while a grant this box gave its peer runs");
  EDGETWIN_ASSERT(wanted_ || !permitted_, "a lease let go is not permitted");
  EDGETWIN_ASSERT(sent_at_.size() <= kPendingMax, "pending lease requests stay within kPendingMax");
}

}  // namespace edgetwin::fw
