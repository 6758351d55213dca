#pragma once
// The box's end of the desired-state channel (desired_messages.hpp). It accepts a
// SiteDesiredState only from the cloud and only for its own site, keeps it on disk (synced,
// before acting, so a reboot with the WAN down restores the whole plan), gives its own entry to
// the Reconciler and the site's placement to the failover plan, and reports the generation it
// holds and its ready containers to the cloud: at once after a change of state, then whenever
// it changes (checked every `report_every`), and at least every `refresh_every` (so a cloud
// that missed one hears it again), and at once when the cloud link comes back.
//
// A state too large for one datagram comes in chunks (desired_chunk.hpp). A transfer still
// incomplete `chunk_wait` after its first part is a lost chunk: the box says which are missing
// (event `desired.chunks_missing`) and reports the generation it holds, which is older than
// the cloud's, so the cloud sends the state again (its ordinary retry); parts already held are
// kept. It asks again every `chunk_wait`, at most kChunkAsksMax times per transfer; after that
// the periodic refresh (`refresh_every`) does.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/orchestration/desired_chunk_assembler.hpp"
#include "edgetwin/firmware/orchestration/desired_messages.hpp"
#include "edgetwin/firmware/orchestration/reconciler.hpp"

namespace edgetwin::fw {

// The disk key of the last site placement received.
inline constexpr std::string_view kSitePlacementKey = "orchestration/site-placement";

struct DesiredStateAgentConfig {
  std::string name;
  std::string site;
  Address cloud;
  Duration report_every = Duration::seconds(10);
  Duration refresh_every = Duration::seconds(60);
  Duration chunk_wait = Duration::seconds(2);  // many round trips of the slowest WAN
  ReconcilerConfig reconciler;
  // Whether a container is ready, as the box's health monitor says (nullopt: not probed yet).
  std::function<std::optional<bool>(const std::string& container)> ready;
  // The site's other boxes this box's peer monitor has declared down.
  std::function<std::vector<std::string>()> peers_down;
  // The site's placement, box by box, whenever a new one arrives or is restored.
  std::function<void(const std::map<std::string, std::vector<ContainerSpec>>&)> on_placement;
};

class DesiredStateAgent {
 public:
  static constexpr int kChunkAsksMax = 5;

  DesiredStateAgent(Platform& platform, DesiredStateAgentConfig config, std::uint32_t boot_epoch);
  ~DesiredStateAgent();
  DesiredStateAgent(const DesiredStateAgent&) = delete;
  DesiredStateAgent& operator=(const DesiredStateAgent&) = delete;

  void start();
  // False when the payload is malformed; a state for another site or from a stranger is
  // ignored (and true: it parsed).
  bool on_message(const Address& from, std::span<const std::byte> payload);
  // One chunk of a larger state; false when it is malformed, or rejected by the reassembly
  // (it disagrees with the transfer's other chunks, or the whole fails its digest).
  bool on_chunk(const Address& from, std::span<const std::byte> payload);

  // The cloud link is back (or the cloud may have missed a status): report now.
  void report_now() { report(true); }
  const Reconciler& reconciler() const { return reconciler_; }
  const DesiredChunkAssembler& chunks() const { return chunks_; }

 private:
  void restore_placement();
  void hand_placement(const SiteDesiredState& state);
  // A whole new state for this site (one datagram or reassembled): kept, then obeyed.
  void accept(const SiteDesiredState& state, std::span<const std::byte> encoded);
  void arm_chunk_wait();
  void on_chunk_wait();
  void report(bool force);
  DesiredStatus current_status() const;

  Platform& platform_;
  DesiredStateAgentConfig config_;
  std::uint32_t boot_epoch_;
  Reconciler reconciler_;
  TimerId report_timer_ = 0;
  DesiredChunkAssembler chunks_;
  TimerId chunk_timer_ = 0;
  int chunk_asks_ = 0;  // for the transfer in progress
  bool chunk_rejected_ = false;  // a transfer was rejected since the last ask
  std::optional<DesiredStatus> last_sent_;
  Time last_sent_at_;
};

}  // namespace edgetwin::fw
