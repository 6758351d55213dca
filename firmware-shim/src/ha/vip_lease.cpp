#include "edgetwin/firmware/ha/vip_lease.hpp"

#include "edgetwin/firmware/base/invariant.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

VipLease::VipLease(Platform& platform, LeaseConfig config, std::function<void(bool)> on_permitted)
    : platform_(platform),
      config_(std::move(config)),
      on_permitted_(std::move(on_permitted)),
      permitted_(!config_.required) {}

void VipLease::want(bool wanted) {
  if (!config_.required || wanted == wanted_) return;
  wanted_ = wanted;
  platform_.cancel(renew_timer_);
  renew_timer_ = 0;
  if (wanted_) {
    renew();
    return;
  }
  // Not master any more: the lease is let go at once rather than left to run out.
  valid_until_ = platform_.now();
  sent_at_.clear();
  update();
}

void VipLease::renew() {
  const LeaseRequest request{config_.site, config_.self, ++seq_,
                             static_cast<std::uint32_t>(config_.duration.count_ns() / 1'000'000)};
  if (sent_at_.size() >= kPendingMax) sent_at_.erase(sent_at_.begin());
  sent_at_[request.seq] = platform_.now();
  const Bytes bytes = encode_envelope(MessageType::lease_request, config_.boot_epoch, request.encode());
  for (const auto& grantor : config_.grantors) {
    platform_.send(grantor, Channel::firmware, bytes);
    ++stats_.requests_sent;
  }
  renew_timer_ = platform_.after(config_.renew_every, [this] { renew(); });
}

void VipLease::on_reply(const Address& from, const LeaseReply& reply) {
  if (!wanted_ || !reply.granted || reply.site != config_.site || reply.holder != config_.self) {
    ++stats_.replies_ignored;
    return;
  }
  bool known_grantor = false;
  for (const auto& g : config_.grantors) known_grantor = known_grantor || g == from;
  auto sent = sent_at_.find(reply.seq);
  if (!known_grantor || sent == sent_at_.end()) {  // unsolicited: not trusted
    ++stats_.replies_ignored;
    return;
  }
  const Time until = sent->second + Duration::milliseconds(reply.duration_ms);
  if (until <= valid_until_) {
    ++stats_.replies_ignored;
    return;
  }
  ++stats_.grants_accepted;
  valid_until_ = until;
  platform_.cancel(expiry_timer_);
  expiry_timer_ = platform_.after(valid_until_ - platform_.now(), [this] {
    expiry_timer_ = 0;
    update();
  });
  update();
}

void VipLease::update() {
  const bool permitted = !config_.required || platform_.now() < valid_until_;
  if (permitted == permitted_) return;
  permitted_ = permitted;
  if (!permitted_) ++stats_.lapses;
  platform_.events().emit("lease", {{"permitted", permitted_}});
  on_permitted_(permitted_);
}

void VipLease::check_invariants() const {
  if (!config_.required) return;
  EDGETWIN_ASSERT(!permitted_ || platform_.now() <= valid_until_,
                  "the VIP is permitted only until the lease's expiry");
  EDGETWIN_ASSERT(wanted_ || !permitted_, "a lease let go is not permitted");
  EDGETWIN_ASSERT(sent_at_.size() <= kPendingMax, "pending lease requests stay within kPendingMax");
}

}  // namespace edgetwin::fw
