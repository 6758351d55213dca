#pragma once
// The box's end of the desired-state channel (desired_messages.hpp). It accepts a
// SiteDesiredState only from the cloud and only for its own site, keeps it on disk (synced,
// before acting, so a reboot with the WAN down restores the whole plan), gives its own entry to
// the Reconciler and the site's placement to the failover plan, and reports the generation it
// holds and its ready containers to the cloud every `report_every`.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "edgetwin/firmware/address.hpp"
#include "edgetwin/firmware/desired_messages.hpp"
#include "edgetwin/firmware/platform.hpp"
#include "edgetwin/firmware/reconciler.hpp"

namespace edgetwin::fw {

// The disk key of the last site placement received.
inline constexpr std::string_view kSitePlacementKey = "orchestration/site-placement";

struct DesiredStateAgentConfig {
  std::string name;
  std::string site;
  Address cloud;
  Duration report_every = Duration::seconds(10);
  ReconcilerConfig reconciler;
  // Whether a container is ready, as the box's health monitor says (nullopt: not probed yet).
  std::function<std::optional<bool>(const std::string& container)> ready;
  // The site's placement, box by box, whenever a new one arrives or is restored.
  std::function<void(const std::map<std::string, std::vector<ContainerSpec>>&)> on_placement;
};

class DesiredStateAgent {
 public:
  DesiredStateAgent(Platform& platform, DesiredStateAgentConfig config, std::uint32_t boot_epoch);
  ~DesiredStateAgent();
  DesiredStateAgent(const DesiredStateAgent&) = delete;
  DesiredStateAgent& operator=(const DesiredStateAgent&) = delete;

  void start();
  // False when the payload is malformed; a state for another site or from a stranger is
  // ignored (and true: it parsed).
  bool on_message(const Address& from, std::span<const std::byte> payload);

  const Reconciler& reconciler() const { return reconciler_; }

 private:
  void restore_placement();
  void hand_placement(const SiteDesiredState& state);
  void report();

  Platform& platform_;
  DesiredStateAgentConfig config_;
  std::uint32_t boot_epoch_;
  Reconciler reconciler_;
  TimerId report_timer_ = 0;
};

}  // namespace edgetwin::fw
