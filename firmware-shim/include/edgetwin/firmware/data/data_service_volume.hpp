#pragma once
// A NAS-backed data service on a box (fleet `data: nas`): the box that holds the site's VIP
// serves the app's clients and writes through to the app's volume on the site NAS, stamping
// each request with its term (data_service_volume_server.hpp fences on it). The data is on the
// NAS, so it survives the loss of either box; a NAS outage makes writes fail, never lose:
// - a write is acknowledged only after the NAS has appended it (synced);
// - a NAS request unanswered within `timeout` is left unanswered to the client too (it may
//   have been applied: the client's "unknown"), and the NAS is then taken as unreachable;
// - while it is unreachable, writes fail at once (status unavailable: nothing was sent) and a
//   probe goes to the NAS every `probe_interval` until it answers;
// - a primary the volume fences (stale_term after it accepted this reign's term) steps down
//   and answers not_primary until it gains the VIP again.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/data/data_service_config.hpp"
#include "edgetwin/firmware/data/replication_messages.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

class VolumeDataService {
 public:
  static constexpr std::size_t kPendingMax = 4096;  // NAS requests awaiting an answer

  VolumeDataService(Platform& platform, VolumeConfig config);
  ~VolumeDataService();
  VolumeDataService(const VolumeDataService&) = delete;  // timers hold `this`
  VolumeDataService& operator=(const VolumeDataService&) = delete;

  void set_vip_held(bool held);
  // Client requests and the NAS's answers; false when malformed or from the wrong node.
  bool on_message(const Address& from, const Envelope& env);

  bool primary() const { return primary_; }
  bool nas_reachable() const { return reachable_; }
  std::uint64_t term() const { return term_; }
  const VolumeConfig& config() const { return config_; }

 private:
  struct Pending {
    Address client;
    std::uint64_t client_request = 0;
    bool read = false;
    Time sent_at;
  };
  void promote(std::uint64_t seen_term);
  void on_client_write(const Address& from, const DataWrite& m);
  void on_client_read(const Address& from, const DataRead& m);
  void on_nas_write(const DataWriteReply& r);
  void on_nas_read(const DataReadReply& r);
  void heard_from_nas(std::uint64_t nas_term, DataStatus status);
  std::optional<Pending> take(std::uint64_t request);
  void track(std::uint64_t request, Pending p);
  void check_timeouts();
  void set_reachable(bool reachable);
  void probe();
  void send(const Address& to, MessageType type, const Bytes& payload);

  Platform& platform_;
  VolumeConfig config_;
  bool vip_held_ = false;
  bool primary_ = false;
  bool confirmed_ = false;  // the volume accepted a request at this reign's term
  bool reachable_ = true;
  std::uint64_t term_ = 0;
  std::uint64_t next_request_ = 1;
  std::map<std::uint64_t, Pending> pending_;  // by NAS request id
  TimerId timeout_timer_ = 0;
  TimerId probe_timer_ = 0;
};

}  // namespace edgetwin::fw
