#include "edgetwin/firmware/data/data_service_volume.hpp"

#include "edgetwin/firmware/data/term_bounds.hpp"
#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {

VolumeDataService::VolumeDataService(Platform& platform, VolumeConfig config)
    : platform_(platform), config_(std::move(config)) {
  if (auto stored = platform_.disk().read("volume/" + config_.app + "/term")) {
    ByteReader r(*stored);
    const std::uint64_t t = r.u64();
    if (r.ok() && r.at_end() && t <= kTermMax) term_ = t;
  }
}

VolumeDataService::~VolumeDataService() {
  platform_.cancel(timeout_timer_);
  platform_.cancel(probe_timer_);
}

void VolumeDataService::set_vip_held(bool held) {
  const bool gained = held && !vip_held_;
  vip_held_ = held;
  if (gained) promote(term_);
  if (!held && primary_) {
    primary_ = false;
    platform_.events().emit("data.role", {{"app", config_.app}, {"role", "replica"},
                                          {"term", term_}, {"why", "vip-lost"}});
  }
}

// The term record is only a hint for the next boot (the volume fences, not this box), so a
// failed write is not fatal: a box that reuses one of its own terms after a reboot is either
// still the latest writer, or told stale and takes a higher term before it serves.
void VolumeDataService::promote(std::uint64_t seen_term) {
  term_ = next_term(std::max(term_, seen_term), config_.rank);
  ByteWriter w;
  w.u64(term_);
  platform_.disk().write("volume/" + config_.app + "/term", w.bytes(), Durability::synced);
  primary_ = true;
  confirmed_ = false;
  platform_.events().emit("data.role", {{"app", config_.app}, {"role", "primary"}, {"term", term_},
                                        {"storage", "nas"}});
}

bool VolumeDataService::on_message(const Address& from, const Envelope& env) {
  const bool from_nas = from == config_.nas;
  switch (env.type) {
    case MessageType::data_write: {
      auto m = DataWrite::decode(env.payload);
      if (!m) return false;
      on_client_write(from, *m);
      return true;
    }
    case MessageType::data_read: {
      auto m = DataRead::decode(env.payload);
      if (!m) return false;
      on_client_read(from, *m);
      return true;
    }
    case MessageType::data_write_reply: {
      auto r = DataWriteReply::decode(env.payload);
      if (!r || !from_nas || !term_credible(r->term, term_)) return false;
      on_nas_write(*r);
      return true;
    }
    case MessageType::data_read_reply: {
      auto r = DataReadReply::decode(env.payload);
      if (!r || !from_nas || !term_credible(r->term, term_)) return false;
      on_nas_read(*r);
      return true;
    }
    default:
      return false;
  }
}

void VolumeDataService::on_client_write(const Address& from, const DataWrite& m) {
  DataWriteReply refused{config_.app, m.request, DataStatus::ok, term_, 0};
  if (!primary_) refused.status = DataStatus::not_primary;
  else if (!reachable_) refused.status = DataStatus::unavailable;
  else if (pending_.size() >= kPendingMax) refused.status = DataStatus::overloaded;
  if (refused.status != DataStatus::ok) return send(from, MessageType::data_write_reply, refused.encode());
  const std::uint64_t request = next_request_++;
  track(request, {from, m.request, false, platform_.now()});
  send(config_.nas, MessageType::data_write, DataWrite{config_.app, request, m.value, term_}.encode());
}

void VolumeDataService::on_client_read(const Address& from, const DataRead& m) {
  DataReadReply refused{config_.app, m.request, DataStatus::ok, term_, 0, 0};
  if (!primary_) refused.status = DataStatus::not_primary;
  else if (!reachable_) refused.status = DataStatus::unavailable;
  else if (pending_.size() >= kPendingMax) refused.status = DataStatus::overloaded;
  if (refused.status != DataStatus::ok) return send(from, MessageType::data_read_reply, refused.encode());
  const std::uint64_t request = next_request_++;
  track(request, {from, m.request, true, platform_.now()});
  send(config_.nas, MessageType::data_read, DataRead{config_.app, request, term_}.encode());
}

// A stale_term answer (the request was not applied) means the volume has seen a term above this
// box's. If the volume had already accepted this reign's term, a newer primary wrote since:
// this box is deposed and steps down. Taking a higher term instead would fence the new primary,
// which would fence it back in turn, each deposing the other's writes. If the volume had not
// yet accepted this reign's term, the answer is news from before the reign (the peer reigned
// more often than this box knew): it takes a term above the volume's and serves. A stale_term
// answer that names this reign's own term refused a request of an earlier reign, held up on
// the LAN: the volume is on this box's term (terms are taken by rank, no other box holds it),
// so it has accepted the reign, and nobody deposed it.
void VolumeDataService::heard_from_nas(std::uint64_t nas_term, DataStatus status) {
  set_reachable(true);
  if (!primary_) return;
  const bool accepted_this_reign =
      nas_term == term_ && (status == DataStatus::ok || status == DataStatus::stale_term);
  if (accepted_this_reign) confirmed_ = true;
  if (status != DataStatus::stale_term || nas_term <= term_) return;
  if (!confirmed_) return promote(nas_term);
  primary_ = false;
  platform_.events().emit("data.role", {{"app", config_.app}, {"role", "replica"},
                                        {"term", term_}, {"why", "fenced"},
                                        {"volume_term", nas_term}});
}

void VolumeDataService::on_nas_write(const DataWriteReply& r) {
  heard_from_nas(r.term, r.status);
  auto p = take(r.request);
  if (!p) return;  // a probe, or answered after the client was given up on
  DataWriteReply out{config_.app, p->client_request, r.status, r.term, r.index};
  // Only this box's own reign may acknowledge: an ok for a term it no longer holds is dropped
  // (the client's "unknown"), since the write may or may not be on the volume. A refusal is
  // passed on: nothing was applied.
  if (!primary_ && r.status == DataStatus::ok) return;
  send(p->client, MessageType::data_write_reply, out.encode());
}

void VolumeDataService::on_nas_read(const DataReadReply& r) {
  heard_from_nas(r.term, r.status);
  auto p = take(r.request);
  if (!p || !primary_) return;
  DataReadReply out{config_.app, p->client_request, r.status, r.term, r.index, r.value};
  send(p->client, MessageType::data_read_reply, out.encode());
}

std::optional<VolumeDataService::Pending> VolumeDataService::take(std::uint64_t request) {
  auto it = pending_.find(request);
  if (it == pending_.end()) return std::nullopt;
  Pending p = it->second;
  pending_.erase(it);
  return p;
}

void VolumeDataService::track(std::uint64_t request, Pending p) {
  pending_.emplace(request, std::move(p));
  if (timeout_timer_ == 0)
    timeout_timer_ = platform_.after(config_.timeout / 4, [this] { check_timeouts(); });
}

void VolumeDataService::check_timeouts() {
  timeout_timer_ = 0;
  const Time now = platform_.now();
  bool expired = false;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (now - it->second.sent_at < config_.timeout) {
      ++it;
      continue;
    }
    it = pending_.erase(it);
    expired = true;
  }
  if (expired) set_reachable(false);
  if (!pending_.empty())
    timeout_timer_ = platform_.after(config_.timeout / 4, [this] { check_timeouts(); });
}

void VolumeDataService::set_reachable(bool reachable) {
  if (reachable == reachable_) return;
  reachable_ = reachable;
  platform_.events().emit("data.volume", {{"app", config_.app}, {"reachable", reachable}});
  if (!reachable) probe();
}

// A primary probes at its term, which the volume takes (the probe fences older reigns, and an
// answer at it confirms this one). A replica probes at term 0, a client's, which the volume
// answers without taking: the term of a reign that never reached the volume would otherwise
// fence the primary that did.
void VolumeDataService::probe() {
  if (reachable_) return;
  const std::uint64_t term = primary_ ? term_ : 0;
  send(config_.nas, MessageType::data_read, DataRead{config_.app, 0, term}.encode());
  probe_timer_ = platform_.after(config_.probe_interval, [this] { probe(); });
}

void VolumeDataService::send(const Address& to, MessageType type, const Bytes& payload) {
  platform_.send(to, Channel::firmware, encode_envelope(type, config_.boot_epoch, payload));
}

}  // namespace edgetwin::fw
