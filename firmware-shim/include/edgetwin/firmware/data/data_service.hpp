#pragma once
// A replicated data service (the MySQL-HA / Redis-HA role) on one box of a two-box site. The
// primary runs on the box that holds the site's VIP and the replica on its peer; the box agent
// says when the VIP is held (set_vip_held), and the VIP lease already guarantees that a new
// holder gets the VIP only after the old one's lease ran out and it released the VIP, which
// demotes its primary here. So a primary is promoted only once the old one is fenced.
//
// Terms: each promotion takes a term higher than any this box has seen, with the box's rank in
// its low 4 bits so that two boxes never pick the same term. The term is in every replication
// message and every write acknowledgement; a message from a lower term is refused, and a
// primary that sees a higher term steps down (a deposed primary never acknowledges).
//
// Replication is the Raft log-matching protocol without elections (the VIP elects): appends
// carry (prev_index, prev_term); a replica that disagrees answers with a hint and the primary
// backs up; entries of an older term that conflict with the primary's log (the divergent tail
// of a deposed primary that never reached its replica) are discarded and counted.
//
// Modes: async acknowledges once the primary has persisted the entry. semi-sync (MySQL
// AFTER_SYNC) acknowledges once the replica has persisted it; commits (what reads see) wait
// for the same. A write that waits longer than semi_sync_timeout switches the primary to async
// (event data.semisync to=async) and is acknowledged then; the primary switches back when the
// replica has caught up with its whole log (data.semisync to=on).
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/data/data_service_config.hpp"
#include "edgetwin/firmware/data/replicated_log.hpp"
#include "edgetwin/firmware/data/replication_messages.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

enum class DataRole { replica, primary };
std::string_view to_string(DataRole r);

struct DataServiceCounters {
  std::uint64_t acknowledged = 0;        // writes answered ok
  std::uint64_t acknowledged_async = 0;  // of those, acknowledged without the replica's copy
  std::uint64_t rejected = 0;            // writes answered with a failure status
  std::uint64_t abandoned = 0;           // writes left unanswered when the primary stepped down
  std::uint64_t discarded_entries = 0;   // divergent entries removed from this box's log
  std::uint64_t stale_term = 0;          // replication messages refused for an old term
  std::uint64_t persist_failures = 0;    // log changes the disk could not persist
};

class DataService {
 public:
  static constexpr std::size_t kPendingWritesMax = 4096;  // writes awaiting the replica

  DataService(Platform& platform, DataServiceConfig config);
  ~DataService();
  DataService(const DataService&) = delete;  // timers hold `this`
  DataService& operator=(const DataService&) = delete;

  // The app a data message is about (its first field), or nullopt if it has none.
  static std::optional<std::string> app_of(std::span<const std::byte> payload);

  // Primary iff the box holds the site's VIP: promoted when it gains the VIP. A primary deposed
  // by a newer term while it still holds the VIP (a split brain without witness) serves again
  // only once no primary has replicated to it for kPrimarySilenceBeats heartbeat intervals.
  void set_vip_held(bool held);
  static constexpr int kPrimarySilenceBeats = 3;
  // A data message (types 20..25) for this app; false when its body is malformed or it comes
  // from a node that may not send it (the caller counts it as a bad payload).
  bool on_message(const Address& from, const Envelope& env);

  // Whether this box holds the primary's whole log as of the last append it received (always
  // true for a primary). A box that boots, or steps down, is not in sync until it has caught
  // up; the box agent lowers its VRRP priority meanwhile so that it does not preempt with a
  // stale log.
  bool in_sync() const { return in_sync_ && server_in_sync_; }
  // On a real box the data lives in a database server with its own replication: the data
  // runtime says whether that server holds its primary's data too (a replica's I/O and SQL
  // threads running and not behind). A box whose server is behind is not in sync either, so it
  // does not take the VIP with a stale server (a LAN split healing, a restart). Always true in
  // the twin, whose log is the data.
  void set_server_in_sync(bool in_sync) {
    if (in_sync == server_in_sync_) return;
    server_in_sync_ = in_sync;
    standing_changed();
  }
  // Whether this box must leave the VIP to its peer: its peer reported a longer log than this
  // box holds. The box agent then gives it the lowest VRRP priority, so that the peer with the
  // data takes the VIP. A box that is merely not joined does not yield: at a site's first boot
  // both are, and equal priorities would give both the same Master_Down timer (two masters at
  // once without a witness); it learns whether its peer is ahead within a round trip of boot.
  bool yields_vip() const { return peer_ahead(); }
  // Whether this box may become primary (joined_ below).
  bool joined() const { return joined_; }
  // Called when in_sync() or yields_vip() may have changed.
  void on_standing_change(std::function<void()> observer) {
    standing_observer_ = std::move(observer);
  }
  // Called after each change of role (with the data.role event's `why`: "promoted",
  // "vip-lost", "deposed"). On a real box the data runtime applies it to the database server
  // (firmware-shim/linux data_runtime.hpp); the twin needs none, its log is the data.
  void on_role_change(std::function<void(DataRole, std::string_view why)> observer) {
    role_observer_ = std::move(observer);
  }

  const DataServiceConfig& config() const { return config_; }
  DataRole role() const { return role_; }
  std::uint64_t term() const { return log_.current_term(); }
  bool semi_sync_active() const { return semi_sync_active_; }
  // When a semi-sync primary fell back to async, while it still is (the cloud alerts on it).
  std::optional<Time> async_since() const {
    if (role_ != DataRole::primary || !config_.semi_sync || semi_sync_active_) return std::nullopt;
    return async_since_;
  }
  std::uint64_t commit_index() const { return commit_index_; }
  const ReplicatedLog& log() const { return log_; }
  const DataServiceCounters& counters() const { return counters_; }
  // False since the disk last failed to persist a change of the log, until one succeeds: the
  // service is unhealthy meanwhile (event data.disk), refuses writes (status unavailable) and
  // acknowledges nothing it could not persist.
  bool persisting() const { return persisting_; }

  // Its log's invariants; a primary never reports as committed what its log does not hold.
  void check_invariants() const;

 private:
  struct Pending {
    std::uint64_t index;
    Address client;
    std::uint64_t request;
    Time appended_at;
  };
  void promote();
  bool peer_ahead() const;
  void learn_peer_log(const ReplAck& m);
  void answer_shorter_peer(const ReplAck& m);
  void mark_joined();
  void standing_changed();
  void step_down(std::string_view why);
  void adopt_term(std::uint64_t term);
  void set_in_sync(bool in_sync);
  void on_append(const Address& from, const ReplAppend& m);
  bool reach_primary_prefix(ReplAppend& m);
  bool replace_log(const LogSnapshot& snap, std::string_view why);
  std::uint64_t apply_entries(const ReplAppend& m);
  bool discard_after(std::uint64_t index, std::string_view why);
  void persisted(bool ok);
  void on_ack(const ReplAck& m);
  void on_write(const Address& from, const DataWrite& m);
  void on_read(const Address& from, const DataRead& m);
  void commit_acknowledged();
  void fall_back_to_async();
  void arm_semi_sync_timer();
  void send_append();
  void send_ack(const Address& to, bool success, std::uint64_t match_index);
  void reply_write(const Address& to, std::uint64_t request, DataStatus status,
                   std::uint64_t index = 0);
  void send(const Address& to, MessageType type, const Bytes& payload);
  void heartbeat();
  void ensure_heartbeat();
  bool replica_behind() const;
  void request_sync(Duration delay);
  void arm_reclaim();

  Platform& platform_;
  DataServiceConfig config_;
  ReplicatedLog log_;
  DataRole role_ = DataRole::replica;
  bool vip_held_ = false;
  bool in_sync_ = false;
  bool server_in_sync_ = true;  // set_server_in_sync
  bool persisting_ = true;
  // Joined: this box knows it holds every write its site acknowledged, so it may promote. A box
  // learns it by catching up from a primary, by becoming primary, or from a peer that reports
  // a log no longer than its own (two new boxes at a site's first boot); it is persisted, so a
  // box on a new disk (replaced, or wiped) starts out not joined and stays so until it has met
  // its peer, across reboots (issue 16: the wiped box that promoted an empty log).
  bool joined_ = false;
  bool promotion_deferred_ = false;  // the VIP came while not joined: promote once joined
  // The peer's log end as it last reported it in an ack (it is not primary then); forgotten
  // when the peer replicates to this box as primary.
  struct LogEnd {
    std::uint64_t term = 0;
    std::uint64_t index = 0;
    auto operator<=>(const LogEnd&) const = default;
  };
  std::optional<LogEnd> peer_log_;
  std::function<void()> standing_observer_;
  std::function<void(DataRole, std::string_view)> role_observer_;
  bool semi_sync_active_ = false;
  std::optional<Time> async_since_;  // of the latest fallback to async
  std::uint64_t commit_index_ = 0;   // primary: what reads see and what was acknowledged
  std::uint64_t match_index_ = 0;    // primary: the replica holds the log up to here
  std::uint64_t next_index_ = 1;     // primary: the next entry to send the replica
  std::deque<Pending> pending_;      // primary, semi-sync: writes awaiting the replica
  TimerId heartbeat_timer_ = 0;
  TimerId semi_sync_timer_ = 0;
  TimerId reclaim_timer_ = 0;
  TimerId sync_timer_ = 0;
  bool replica_acked_ = false;  // primary: the replica acknowledged an append of this reign
  Time last_primary_heard_;  // replica: the last append accepted from a primary
  DataServiceCounters counters_;
};

}  // namespace edgetwin::fw
