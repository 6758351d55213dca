#include "edgetwin/firmware/data/data_service.hpp"

#include <algorithm>

#include "edgetwin/firmware/base/invariant.hpp"
#include "edgetwin/firmware/data/term_bounds.hpp"
#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {
namespace {

// Whether every term an append carries may be taken (term_bounds.hpp): no primary has an
// entry above its own term, and its term is a bounded step above ours.
bool terms_credible(const ReplAppend& m, std::uint64_t known) {
  if (!term_credible(m.term, known) || m.prev_term > m.term) return false;
  return std::all_of(m.entries.begin(), m.entries.end(),
                     [&](const LogEntry& e) { return e.term <= m.term; });
}

// Present once this box has joined its site's data (data_service.hpp, joined_).
std::string joined_key(const std::string& app) { return "data/" + app + "/joined"; }

}  // namespace

std::string_view to_string(DataRole r) { return r == DataRole::primary ? "primary" : "replica"; }

DataService::DataService(Platform& platform, DataServiceConfig config)
    : platform_(platform), config_(std::move(config)), log_(platform.disk(), "data/" + config_.app) {
  // A box without a replica holds the only copy: it is the data of record by construction.
  joined_ = !config_.replica || platform_.disk().present(joined_key(config_.app));
  request_sync(Duration::zero());  // tells the peer this box's log end at once
}

DataService::~DataService() {
  platform_.cancel(heartbeat_timer_);
  platform_.cancel(semi_sync_timer_);
  platform_.cancel(reclaim_timer_);
  platform_.cancel(sync_timer_);
}

std::optional<std::string> DataService::app_of(std::span<const std::byte> payload) {
  ByteReader r(payload);
  std::string app = r.str();
  if (!r.ok()) return std::nullopt;
  return app;
}

void DataService::set_vip_held(bool held) {
  const bool gained = held && !vip_held_;
  vip_held_ = held;
  if (!held) promotion_deferred_ = false;
  if (gained && role_ == DataRole::replica) promote();
  if (!held && role_ == DataRole::primary) step_down("vip-lost");
}

void DataService::arm_reclaim() {
  platform_.cancel(reclaim_timer_);
  reclaim_timer_ = platform_.after(config_.heartbeat_interval, [this] {
    reclaim_timer_ = 0;
    if (!vip_held_ || role_ == DataRole::primary) return;
    const Duration silence = platform_.now() - last_primary_heard_;
    if (silence >= config_.heartbeat_interval * kPrimarySilenceBeats) return promote();
    arm_reclaim();
  });
}

// Whatever this box holds becomes the data of record: in semi-sync every acknowledged write
// is on it (the old primary waited for this box's copy), in async some may be missing.
// A term that is not on disk could be taken again after a reboot, by this box with other
// entries: no promotion on it. The reclaim timer tries again while the VIP is held.
void DataService::promote() {
  if (!joined_) {
    // A new disk: the peer may hold acknowledged writes this box never saw. Wait for it (once
    // it reports its longer log, this box yields the VIP to it); a peer that never returns
    // needs the operator.
    if (!promotion_deferred_)
      platform_.events().emit("data.promotion_deferred",
                              {{"app", config_.app}, {"why", "new-disk"},
                               {"last_index", log_.last_index()},
                               {"peer_last_index", peer_log_ ? peer_log_->index : 0}});
    promotion_deferred_ = true;
    return;
  }
  promotion_deferred_ = false;
  const bool term_stored = log_.set_current_term(next_term(log_.current_term(), config_.rank));
  persisted(term_stored);
  if (!term_stored) return arm_reclaim();
  role_ = DataRole::primary;
  commit_index_ = log_.last_index();
  match_index_ = 0;
  replica_acked_ = false;
  next_index_ = log_.last_index() + 1;
  semi_sync_active_ = config_.semi_sync;
  platform_.events().emit("data.role", {{"app", config_.app}, {"role", "primary"},
                                        {"term", term()}, {"last_index", log_.last_index()}});
  set_in_sync(true);
  // What the peer reported is about to be overwritten: this log is the site's data now (a
  // longer peer tail is unacknowledged, or was acknowledged in async, which may be lost).
  peer_log_.reset();
  standing_changed();
  if (role_observer_) role_observer_(role_, "promoted");
  send_append();  // tells the replica the new term at once
  ensure_heartbeat();
}

bool DataService::peer_ahead() const {
  return peer_log_ && *peer_log_ > LogEnd{log_.last_term(), log_.last_index()};
}

// Raft's "at least as up to date" order: the later last term wins, then the longer log.
void DataService::learn_peer_log(const ReplAck& m) {
  const bool yielded = yields_vip();
  const bool was_joined = joined_;
  peer_log_ = LogEnd{m.last_term, m.last_index};
  if (!peer_ahead()) mark_joined();
  if (yields_vip() != yielded || joined_ != was_joined) standing_changed();
}

// A replica (in sync with a primary that may be gone) answers a peer's sync request that shows
// a shorter log with its own log end, once per request: a box on a new disk learns at once
// that it must yield. Never both ways (only one of two logs can be the shorter).
void DataService::answer_shorter_peer(const ReplAck& m) {
  if (m.success || role_ == DataRole::primary || !config_.replica) return;
  if (LogEnd{m.last_term, m.last_index} < LogEnd{log_.last_term(), log_.last_index()})
    send_ack(*config_.replica, false, log_.last_index());
}

void DataService::mark_joined() {
  if (joined_) return;
  joined_ = true;
  const std::byte present{1};
  persisted(platform_.disk().write(joined_key(config_.app), {&present, 1}, Durability::synced));
}

void DataService::standing_changed() {
  if (promotion_deferred_ && joined_ && vip_held_ && role_ == DataRole::replica) promote();
  if (standing_observer_) standing_observer_();
}

// Writes still waiting for the replica get no answer: they are in this box's log and may or
// may not reach the next primary, so only the client's timeout ("unknown") is honest.
void DataService::step_down(std::string_view why) {
  if (role_ != DataRole::primary) return;
  role_ = DataRole::replica;
  counters_.abandoned += pending_.size();
  pending_.clear();
  platform_.cancel(heartbeat_timer_);
  platform_.cancel(semi_sync_timer_);
  heartbeat_timer_ = semi_sync_timer_ = 0;
  platform_.events().emit("data.role", {{"app", config_.app}, {"role", "replica"},
                                        {"term", term()}, {"why", why}});
  set_in_sync(false);  // its tail may be divergent until the new primary says otherwise
  last_primary_heard_ = platform_.now();
  if (vip_held_) arm_reclaim();
  if (role_observer_) role_observer_(role_, why);
}

void DataService::adopt_term(std::uint64_t term) {
  if (term < log_.current_term()) return;
  if (term == log_.current_term()) {
    // Taken in memory earlier but its record failed: the log refuses entries of this term
    // until the record is on disk, so try it again.
    if (!log_.term_durable()) persisted(log_.set_current_term(term));
    return;
  }
  persisted(log_.set_current_term(term));  // deposed in memory either way
  step_down("deposed");
}

// The service's health as far as its disk goes: reported once per change, counted each time.
void DataService::persisted(bool ok) {
  if (!ok) ++counters_.persist_failures;
  if (ok == persisting_) return;
  persisting_ = ok;
  platform_.events().emit("data.disk", {{"app", config_.app}, {"persisting", ok},
                                        {"term", term()}, {"last_index", log_.last_index()}});
}

void DataService::set_in_sync(bool in_sync) {
  if (in_sync == in_sync_) return;
  in_sync_ = in_sync;
  platform_.events().emit("data.sync", {{"app", config_.app}, {"in_sync", in_sync}});
  if (in_sync) mark_joined();  // it holds the primary's whole log
  standing_changed();
  if (!in_sync) request_sync(config_.heartbeat_interval);
}

// A replica out of sync (booted, or deposed) asks the peer for appends: an idle primary sends
// none on its own (the 400-site fleet cannot afford idle heartbeats), so a returning replica
// would otherwise wait for the next write to learn the term and catch up.
void DataService::request_sync(Duration delay) {
  if (sync_timer_ != 0 || !config_.replica) return;
  sync_timer_ = platform_.after(delay, [this] {
    sync_timer_ = 0;
    if (in_sync_ || role_ == DataRole::primary) return;
    send_ack(*config_.replica, false, log_.last_index());
    request_sync(config_.heartbeat_interval);
  });
}

bool DataService::on_message(const Address& from, const Envelope& env) {
  const bool from_peer = config_.replica && from == *config_.replica;
  switch (env.type) {
    case MessageType::repl_append: {
      auto m = ReplAppend::decode(env.payload);
      if (!m || !from_peer) return false;
      if (!terms_credible(*m, term())) return false;
      if (m->prev_is_snapshot &&
          (m->prev_index == 0 || m->prev_index % ReplicatedLog::kSegmentEntries != 0))
        return false;  // snapshots are taken at segment boundaries
      on_append(from, *m);
      return true;
    }
    case MessageType::repl_ack: {
      auto m = ReplAck::decode(env.payload);
      if (!m || !from_peer || !term_credible(m->term, term())) return false;
      learn_peer_log(*m);
      answer_shorter_peer(*m);
      on_ack(*m);
      return true;
    }
    case MessageType::data_write: {
      auto m = DataWrite::decode(env.payload);
      if (!m) return false;
      on_write(from, *m);
      return true;
    }
    case MessageType::data_read: {
      auto m = DataRead::decode(env.payload);
      if (!m) return false;
      on_read(from, *m);
      return true;
    }
    default:
      return false;  // replies go to clients, not to boxes
  }
}

void DataService::on_append(const Address& from, const ReplAppend& received) {
  if (received.term < term()) {
    ++counters_.stale_term;  // a deposed primary: tell it the current term
    return send_ack(from, false, log_.last_index());
  }
  adopt_term(received.term);
  if (role_ == DataRole::primary) {
    ++counters_.stale_term;  // our own term from another box: impossible unless misconfigured
    return;
  }
  last_primary_heard_ = platform_.now();
  if (peer_log_) {
    peer_log_.reset();  // it is primary now: its appends say what it holds
    standing_changed();
  }
  ReplAppend m = received;
  if (!reach_primary_prefix(m)) return send_ack(from, false, log_.last_index());
  if (m.prev_index < log_.snapshot().index) return send_ack(from, true, m.prev_index);
  if (m.prev_index > log_.last_index()) return send_ack(from, false, log_.last_index());
  if (log_.term_at(m.prev_index) != m.prev_term) {
    // Skip back over the whole conflicting term: one round trip per divergent term. Never
    // below the snapshot (a conflict there was handled by reach_primary_prefix).
    const std::uint64_t conflict = log_.term_at(m.prev_index);
    std::uint64_t hint = m.prev_index - 1;
    while (hint > log_.snapshot().index && log_.term_at(hint) == conflict) --hint;
    return send_ack(from, false, hint);
  }
  const std::uint64_t matched = apply_entries(m);
  // Past the primary's whole log, entries of an older term are a deposed primary's tail that
  // never reached the new one (a tail that ends in the current term is this primary's own).
  if (matched >= m.primary_last_index && log_.last_index() > matched &&
      log_.last_term() != m.term && !discard_after(matched, "beyond-primary-log"))
    return send_ack(from, false, matched);  // the stale tail is still there: not in sync
  // What matched is on both boxes (the primary sent it): never truncated, safe to compact.
  if (!log_.compact(matched)) persisted(false);
  send_ack(from, true, matched);
  if (matched >= m.primary_last_index) set_in_sync(true);
}

// Brings the replica's log to where the primary's can be checked against it: adopts the
// primary's snapshot when behind it (install-snapshot), drops a compacted prefix the primary
// does not have (a box that lost its disk became primary), and skips what the message repeats
// of this replica's own snapshot. False when the disk could not persist the change.
bool DataService::reach_primary_prefix(ReplAppend& m) {
  const LogSnapshot snap = log_.snapshot();
  const bool behind = m.prev_index > log_.last_index() || log_.term_at(m.prev_index) != m.prev_term;
  if (m.prev_is_snapshot && m.prev_index >= snap.index && behind)
    return replace_log({m.prev_index, m.prev_term, m.snapshot_value}, "behind-primary-snapshot");
  if (m.prev_index < snap.index) {
    // Entries before the snapshot were on both boxes when it was taken: they match (the
    // entry at the snapshot itself is checked below).
    const std::uint64_t skip = std::min<std::uint64_t>(snap.index - m.prev_index, m.entries.size());
    if (skip > 0) m.prev_term = m.entries[skip - 1].term;
    m.entries.erase(m.entries.begin(), m.entries.begin() + static_cast<std::ptrdiff_t>(skip));
    m.prev_index += skip;
  }
  const bool prefix_diverges = m.primary_last_index < snap.index ||
                               (m.prev_index == snap.index && m.prev_term != snap.term);
  if (snap.index > 0 && prefix_diverges) return replace_log({}, "snapshot-not-on-primary");
  return true;
}

bool DataService::replace_log(const LogSnapshot& snap, std::string_view why) {
  const std::uint64_t last = log_.last_index();
  const bool ok = log_.install_snapshot(snap);
  persisted(ok);
  if (!ok) return false;
  platform_.events().emit("data.snapshot", {{"app", config_.app}, {"index", snap.index},
                                            {"snapshot_term", snap.term},
                                            {"replaced_last_index", last}, {"term", term()},
                                            {"why", why}});
  return true;
}

// Appends what is new, replaces what conflicts; returns the last index known to match.
std::uint64_t DataService::apply_entries(const ReplAppend& m) {
  std::uint64_t index = m.prev_index;
  for (const LogEntry& e : m.entries) {
    const std::uint64_t next = index + 1;
    if (next <= log_.last_index() && log_.term_at(next) == e.term) {
      index = next;
      continue;
    }
    if (next <= log_.last_index() && !discard_after(index, "conflict")) break;
    if (log_.full()) break;  // refuse rather than drop: the primary resends from here
    // Acknowledged only up to what is on disk: the primary resends the rest.
    const bool appended = log_.append(e).has_value();
    persisted(appended);
    if (!appended) break;
    index = next;
  }
  return index;
}

// False when the disk could not persist the truncation (the log is unchanged).
bool DataService::discard_after(std::uint64_t index, std::string_view why) {
  const std::uint64_t last = log_.last_index();
  const std::uint64_t first_term = log_.term_at(index + 1);
  const std::optional<std::uint64_t> removed = log_.truncate_after(index);
  persisted(removed.has_value());
  if (!removed) return false;
  if (*removed == 0) return true;
  counters_.discarded_entries += *removed;
  platform_.events().emit("data.discard", {{"app", config_.app}, {"entries", *removed},
                                           {"first_index", index + 1}, {"last_index", last},
                                           {"first_term", first_term}, {"term", term()},
                                           {"why", why}});
  return true;
}

void DataService::on_ack(const ReplAck& m) {
  if (m.term > term()) return adopt_term(m.term);  // a newer primary exists: this one is deposed
  if (role_ != DataRole::primary) return;          // an answer to a reign that is over
  if (!m.success) {
    // Also a replica's sync request: it may not know this term yet.
    match_index_ = std::min(match_index_, m.match_index);
    next_index_ = std::clamp<std::uint64_t>(m.match_index + 1, 1, log_.last_index() + 1);
    send_append();
    return ensure_heartbeat();
  }
  if (m.term < term()) {
    ++counters_.stale_term;
    return;
  }
  replica_acked_ = true;
  const std::uint64_t matched_before = match_index_;
  match_index_ = std::max(match_index_, std::min(m.match_index, log_.last_index()));
  next_index_ = std::max(next_index_, match_index_ + 1);
  commit_acknowledged();
  // Both boxes hold the log up to match_index: it is safe to compact.
  if (!log_.compact(match_index_)) persisted(false);
  // Catching up: keep streaming while the replica makes progress. One that does not (its disk
  // cannot persist) is retried by the heartbeat, not at network speed.
  if (match_index_ > matched_before && next_index_ <= log_.last_index()) send_append();
}

// Semi-sync: what the replica persisted is committed and acknowledged. After a fallback,
// semi-sync resumes once the replica holds the whole log.
void DataService::commit_acknowledged() {
  if (!semi_sync_active_) {
    if (!config_.semi_sync || match_index_ < log_.last_index()) return;
    semi_sync_active_ = true;
    platform_.events().emit("data.semisync", {{"app", config_.app}, {"to", "on"}, {"term", term()},
                                              {"last_index", log_.last_index()}});
    return;
  }
  commit_index_ = std::max(commit_index_, match_index_);
  while (!pending_.empty() && pending_.front().index <= match_index_) {
    const Pending p = pending_.front();
    pending_.pop_front();
    reply_write(p.client, p.request, DataStatus::ok, p.index);
  }
  arm_semi_sync_timer();
}

void DataService::on_write(const Address& from, const DataWrite& m) {
  if (role_ != DataRole::primary) return reply_write(from, m.request, DataStatus::not_primary);
  if (log_.full() || pending_.size() >= kPendingWritesMax)
    return reply_write(from, m.request, DataStatus::overloaded);
  const std::optional<std::uint64_t> appended = log_.append({term(), m.value});
  persisted(appended.has_value());
  if (!appended) return reply_write(from, m.request, DataStatus::unavailable);
  const std::uint64_t index = *appended;
  // A box without a replica holds the only copy: every entry is safe to compact.
  if (!config_.replica && !log_.compact(index)) persisted(false);
  if (!semi_sync_active_) {
    commit_index_ = index;
    ++counters_.acknowledged_async;
    reply_write(from, m.request, DataStatus::ok, index);
  } else {
    pending_.push_back({index, from, m.request, platform_.now()});
    if (pending_.size() == 1) arm_semi_sync_timer();
  }
  send_append();
  ensure_heartbeat();
}

void DataService::on_read(const Address& from, const DataRead& m) {
  DataReadReply r{config_.app, m.request, DataStatus::ok, term(), commit_index_, 0};
  if (role_ != DataRole::primary) {
    r.status = DataStatus::not_primary;
    r.index = 0;
  } else if (commit_index_ > 0) {
    r.value = log_.at(commit_index_).value;
  }
  send(from, MessageType::data_read_reply, r.encode());
}

// As MySQL's rpl_semi_sync_master_timeout: the oldest waiting write gives up on the replica,
// and with it the primary switches to async and acknowledges everything that was waiting.
void DataService::fall_back_to_async() {
  semi_sync_active_ = false;
  async_since_ = platform_.now();
  platform_.events().emit("data.semisync", {{"app", config_.app}, {"to", "async"}, {"term", term()},
                                            {"waiting", pending_.size()},
                                            {"match_index", match_index_},
                                            {"last_index", log_.last_index()}});
  commit_index_ = log_.last_index();
  while (!pending_.empty()) {
    const Pending p = pending_.front();
    pending_.pop_front();
    ++counters_.acknowledged_async;
    reply_write(p.client, p.request, DataStatus::ok, p.index);
  }
}

void DataService::arm_semi_sync_timer() {
  platform_.cancel(semi_sync_timer_);
  semi_sync_timer_ = 0;
  if (pending_.empty()) return;
  const Time deadline = pending_.front().appended_at + config_.semi_sync_timeout;
  const Duration delay = std::max(Duration::zero(), deadline - platform_.now());
  semi_sync_timer_ = platform_.after(delay, [this] {
    semi_sync_timer_ = 0;
    if (role_ == DataRole::primary && semi_sync_active_ && !pending_.empty()) fall_back_to_async();
  });
}

bool DataService::replica_behind() const {
  return !replica_acked_ || match_index_ < log_.last_index();
}

// Retransmits while the replica is behind (or has not answered this reign yet); an idle,
// caught-up pair exchanges nothing.
void DataService::ensure_heartbeat() {
  if (heartbeat_timer_ != 0 || !config_.replica || !replica_behind()) return;
  heartbeat_timer_ = platform_.after(config_.heartbeat_interval, [this] { heartbeat(); });
}

void DataService::heartbeat() {
  heartbeat_timer_ = 0;
  if (role_ != DataRole::primary || !replica_behind()) return;
  send_append();
  ensure_heartbeat();
}

void DataService::send_append() {
  if (!config_.replica || role_ != DataRole::primary) return;
  ReplAppend m;
  m.app = config_.app;
  m.term = term();
  m.prev_index = next_index_ - 1;
  // A replica behind the compacted prefix gets the snapshot to adopt, then the entries after.
  const LogSnapshot& snap = log_.snapshot();
  if (snap.index > 0 && m.prev_index <= snap.index) {
    m.prev_index = snap.index;
    m.prev_is_snapshot = true;
    m.snapshot_value = snap.value;
  }
  m.prev_term = log_.term_at(m.prev_index);
  m.primary_last_index = log_.last_index();
  m.entries = log_.slice(m.prev_index + 1, ReplAppend::kEntriesMax);
  send(*config_.replica, MessageType::repl_append, m.encode());
}

void DataService::send_ack(const Address& to, bool success, std::uint64_t match_index) {
  send(to, MessageType::repl_ack, ReplAck{config_.app, term(), success, match_index,
                                          log_.last_term(), log_.last_index()}
                                       .encode());
}

void DataService::reply_write(const Address& to, std::uint64_t request, DataStatus status,
                              std::uint64_t index) {
  if (status == DataStatus::ok) ++counters_.acknowledged;
  else ++counters_.rejected;
  const std::uint64_t entry_term = index > 0 ? log_.term_at(index) : term();
  send(to, MessageType::data_write_reply,
       DataWriteReply{config_.app, request, status, entry_term, index}.encode());
}

void DataService::send(const Address& to, MessageType type, const Bytes& payload) {
  platform_.send(to, Channel::firmware, encode_envelope(type, config_.boot_epoch, payload));
}

// The log checks its own invariants at each change (replicated_log.cpp); these are the ones
// between the log and the service's role and commit index.
void DataService::check_invariants() const {
  EDGETWIN_ASSERT(role_ != DataRole::primary || commit_index_ <= log_.last_index(),
                  "a primary's commit index never passes its last log index");
  EDGETWIN_ASSERT(role_ != DataRole::primary || log_.snapshot().index <= commit_index_,
                  "a primary compacts only what is committed");
}

}  // namespace edgetwin::fw
