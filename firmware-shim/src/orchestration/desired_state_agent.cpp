#include "edgetwin/firmware/orchestration/desired_state_agent.hpp"

#include "edgetwin/firmware/orchestration/generation_bounds.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

DesiredStateAgent::DesiredStateAgent(Platform& platform, DesiredStateAgentConfig config,
                                     std::uint32_t boot_epoch)
    : platform_(platform),
      config_(std::move(config)),
      boot_epoch_(boot_epoch),
      reconciler_(platform, config_.reconciler) {}

DesiredStateAgent::~DesiredStateAgent() { platform_.cancel(report_timer_); }

void DesiredStateAgent::start() {
  restore_placement();
  reconciler_.start();
  report_timer_ = platform_.after(config_.report_every, [this] { report(false); });
}

void DesiredStateAgent::restore_placement() {
  const auto bytes = platform_.disk().read(kSitePlacementKey);
  if (!bytes) return;
  const auto state = SiteDesiredState::decode(*bytes);
  if (state && state->site == config_.site) hand_placement(*state);
}

void DesiredStateAgent::hand_placement(const SiteDesiredState& state) {
  if (!config_.on_placement) return;
  std::map<std::string, std::vector<ContainerSpec>> placement;
  for (const auto& [node, containers] : state.nodes) placement[node] = containers;
  config_.on_placement(placement);
}

bool DesiredStateAgent::on_message(const Address& from, std::span<const std::byte> payload) {
  const auto state = SiteDesiredState::decode(payload);
  if (!state) return false;
  if (from != config_.cloud || state->site != config_.site) return true;  // not ours to obey
  // A wild generation is a forgery or a bug: refused (and counted by the caller).
  if (!generation_credible(state->generation, reconciler_.generation())) return false;
  if (state->generation <= reconciler_.generation()) {
    report(true);  // the cloud missed a report: tell it again what this box holds
    return true;
  }
  // Kept before acting: a reboot right after restores this plan, not the previous one.
  platform_.disk().write(kSitePlacementKey, payload, Durability::synced);
  hand_placement(*state);
  reconciler_.apply(state->for_node(config_.name));
  report(true);
  return true;
}

DesiredStatus DesiredStateAgent::current_status() const {
  DesiredStatus status;
  status.node = config_.name;
  status.generation = reconciler_.generation();
  std::map<std::string, ContainerState> states;
  for (const auto& c : platform_.runtime().containers()) states[c.spec.name] = c.state;
  for (const auto& spec : reconciler_.desired().containers) {
    if (status.ready.size() >= DesiredStatus::kReadyMax) break;
    const auto state = states.find(spec.name);
    if (state == states.end() || state->second != ContainerState::running) continue;
    if (config_.ready && config_.ready(spec.name) == true) status.ready.push_back(spec.name);
  }
  if (config_.peers_down) status.peers_down = config_.peers_down();
  if (status.peers_down.size() > DesiredStatus::kPeersMax) status.peers_down.resize(DesiredStatus::kPeersMax);
  return status;
}

// Quiet boxes stay quiet: 800 boxes sending an unchanged status every 10 s cost the rehearsal
// a third of its run time for nothing the cloud did not know.
void DesiredStateAgent::report(bool force) {
  platform_.cancel(report_timer_);
  DesiredStatus status = current_status();
  const bool changed = !last_sent_ || last_sent_->generation != status.generation ||
                       last_sent_->ready != status.ready ||
                       last_sent_->peers_down != status.peers_down;
  const bool due = platform_.now() - last_sent_at_ >= config_.refresh_every;
  if (force || changed || due) {
    platform_.send(config_.cloud, Channel::firmware,
                   encode_envelope(MessageType::desired_status, boot_epoch_, status.encode()));
    last_sent_ = std::move(status);
    last_sent_at_ = platform_.now();
  }
  report_timer_ = platform_.after(config_.report_every, [this] { report(false); });
}

}  // namespace edgetwin::fw
