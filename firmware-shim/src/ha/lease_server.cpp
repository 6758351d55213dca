#include "edgetwin/firmware/ha/lease_server.hpp"

#include <algorithm>

#include "edgetwin/firmware/wire/byte_codec.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

LeaseServer::LeaseServer(Platform& platform, const LeaseRoster& roster) : platform_(platform) {
  for (const auto& site : roster) {
    Site& s = roster_[site.site];
    s.boxes.insert(site.boxes.begin(), site.boxes.end());
    s.lease_max_ms = std::min(site.lease_max_ms, kLeaseMaxMs);
  }
  load();
}

// A record that does not parse is ignored whole: the leases it held were granted for at most
// kLeaseMaxMs, and a witness is only one of a box's grantors.
void LeaseServer::load() {
  auto bytes = platform_.disk().read(kGrantsKey);
  if (!bytes) return;
  ByteReader r(*bytes);
  const std::uint32_t count = r.u32();
  std::map<std::string, Lease> loaded;
  for (std::uint32_t i = 0; i < count && r.ok() && loaded.size() < kSitesMax; ++i) {
    std::string site = r.str();
    Lease lease{r.str(), Time{}, std::min(r.u32(), kLeaseMaxMs)};
    auto known = roster_.find(site);
    if (known == roster_.end() || !known->second.boxes.contains(lease.holder)) continue;
    lease.duration_ms = std::min(lease.duration_ms, known->second.lease_max_ms);
    lease.expires = platform_.now() + Duration::milliseconds(lease.duration_ms);
    loaded.emplace(std::move(site), std::move(lease));
  }
  if (r.ok() && r.at_end()) leases_ = std::move(loaded);
}

bool LeaseServer::store() const {
  ByteWriter w;
  // A released lease is not written: reloaded, it would refuse the backup for a whole lease.
  const auto live = std::count_if(leases_.begin(), leases_.end(),
                                  [](const auto& entry) { return !entry.second.released; });
  w.u32(static_cast<std::uint32_t>(live));
  for (const auto& [site, lease] : leases_) {
    if (lease.released) continue;
    w.str(site);
    w.str(lease.holder);
    w.u32(lease.duration_ms);
  }
  return platform_.disk().write(kGrantsKey, w.bytes(), Durability::synced);
}

// An expired lease grants nothing and refuses nobody: forgetting it changes no answer. It is
// not rewritten to disk now; the next stored grant leaves it out (and a reload would give it
// at most one more lease_max_ms, which refuses only other boxes, as before the restart).
void LeaseServer::prune(Time now) {
  std::erase_if(leases_, [now](const auto& entry) { return entry.second.expires <= now; });
  next_prune_ = now + Duration::milliseconds(kPruneEveryMs);
}

LeaseReply LeaseServer::on_request(const LeaseRequest& request, std::uint32_t sender_epoch) {
  const Time now = platform_.now();
  LeaseReply reply{request.site, request.requester, request.seq, false, 0};
  auto site = roster_.find(request.site);
  if (site == roster_.end() || !site->second.boxes.contains(request.requester)) {
    reply.holder.clear();  // not ours to grant: refused, naming nobody
    return reply;
  }
  if (now >= next_prune_ || leases_.size() >= kSitesMax) prune(now);
  auto it = leases_.find(request.site);
  if (it != leases_.end() && it->second.released && it->second.holder == request.requester &&
      it->second.epoch == sender_epoch && request.seq <= it->second.seq) {
    reply.holder.clear();
    return reply;  // sent before its release, arrived after: the holder has stopped
  }
  const bool free =
      it == leases_.end() || it->second.expires <= now || it->second.holder == request.requester;
  if (!free) {
    reply.holder = it->second.holder;
    return reply;
  }
  if (it == leases_.end() && leases_.size() >= kSitesMax) return reply;  // bounded, refused
  const std::uint32_t ms = std::min(request.duration_ms, site->second.lease_max_ms);
  // The grant runs from when the request arrived here; the requester counts from when it sent
  // the request, which is earlier, so the holder always believes in its lease for less time
  // than the witness does.
  const Lease before = it == leases_.end() ? Lease{} : it->second;
  const bool same_holder = before.holder == request.requester;
  const bool news = !same_holder || ms > before.duration_ms || before.released;
  Lease& lease = leases_[request.site];
  const bool same_boot = same_holder && !before.released && before.epoch == sender_epoch;
  lease = {request.requester,
           now + Duration::milliseconds(ms),
           same_holder ? std::max(ms, before.duration_ms) : ms,
           sender_epoch,
           same_boot ? std::max(before.seq, request.seq) : request.seq,
           false};
  if (news && !store()) {  // not durable: a restart would forget it, so it is not granted
    if (it == leases_.end()) {
      leases_.erase(request.site);
    } else {
      lease = before;
    }
    return reply;
  }
  // A handover is where the witness acts on its view that the previous holder's lease ended:
  // the twin checks the previous holder agrees (lease_within_grantor_view). Rare: no event
  // per renewal.
  if (!same_holder && !before.holder.empty())
    platform_.events().emit("lease.handover", {{"site", request.site},
                                               {"holder", request.requester},
                                               {"previous", before.holder}});
  reply.granted = true;
  reply.duration_ms = ms;
  return reply;
}

bool LeaseServer::on_release(const LeaseRelease& release, std::uint32_t sender_epoch) {
  auto it = leases_.find(release.site);
  if (it == leases_.end()) return false;
  Lease& lease = it->second;
  const Time now = platform_.now();
  if (lease.released || lease.expires <= now || lease.holder != release.holder ||
      lease.epoch == 0 || lease.epoch != sender_epoch || release.seq < lease.seq)
    return false;
  lease.released = true;
  lease.expires = now;
  lease.seq = release.seq;  // the holder's requests up to its release are refused from now on
  // Not durable is safe here: the holder dropped the VIP before it released, and a witness
  // that restarts with the old record only refuses the backup until the lease would have ended.
  store();
  return true;
}

bool LeaseServer::on_release_from(const Address& from, std::uint32_t sender_epoch,
                                  std::span<const std::byte> payload) {
  auto release = LeaseRelease::decode(payload);
  if (!release || release->holder != from.node) return false;  // releases its own lease only
  if (!on_release(*release, sender_epoch)) {
    ++releases_ignored_;
    return true;
  }
  ++releases_honoured_;
  platform_.events().emit("lease.released", {{"site", release->site}, {"holder", release->holder}});
  return true;
}

bool answer_lease_request(Platform& platform, const Address& from, std::uint32_t epoch,
                          std::span<const std::byte> payload,
                          const std::function<LeaseReply(const LeaseRequest&)>& grant) {
  auto request = LeaseRequest::decode(payload);
  if (!request || request->requester != from.node) return false;  // asks for itself only
  const LeaseReply reply = grant(*request);
  platform.send(from, Channel::firmware,
                encode_envelope(MessageType::lease_reply, epoch, reply.encode()));
  return true;
}

}  // namespace edgetwin::fw
