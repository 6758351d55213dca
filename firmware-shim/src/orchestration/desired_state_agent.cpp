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

DesiredStateAgent::~DesiredStateAgent() {
  platform_.cancel(report_timer_);
  platform_.cancel(chunk_timer_);
}

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
  accept(*state, payload);
  return true;
}

bool DesiredStateAgent::on_chunk(const Address& from, std::span<const std::byte> payload) {
  const auto chunk = DesiredChunk::decode(payload);
  if (!chunk) return false;
  if (from != config_.cloud || chunk->site != config_.site) return true;  // not ours to obey
  if (!generation_credible(chunk->generation, reconciler_.generation())) return false;
  if (chunk->generation <= reconciler_.generation()) {
    // The cloud sent again what this box holds: it missed a report. Once per resent state.
    if (chunk->index + 1 == chunk->count) report(true);
    return true;
  }
  const std::uint64_t before = chunks_.generation();
  auto offer = chunks_.offer(*chunk, reconciler_.generation());
  using Outcome = DesiredChunkAssembler::Outcome;
  if (offer.outcome == Outcome::rejected) {
    platform_.events().emit("desired.chunk_rejected",
                            {{"generation", chunk->generation}, {"index", chunk->index}});
    // The transfer is gone: ask for the state again once the wait is over (not at once, so
    // that a stream of bad chunks costs one status per wait, not one per chunk).
    chunk_rejected_ = true;
    if (chunk_timer_ == 0) arm_chunk_wait();
    return false;
  }
  if (offer.outcome == Outcome::partial && chunks_.generation() != before) {
    chunk_asks_ = 0;  // a new transfer: its own wait
    arm_chunk_wait();
  }
  if (offer.outcome != Outcome::complete) return true;
  const auto state = SiteDesiredState::decode(offer.state);
  // The digest matched, so these are the bytes the sender chunked: a state that does not
  // parse, or names another site or generation than its chunks, was never the cloud's.
  if (!state || state->site != config_.site || state->generation != chunk->generation)
    return false;
  accept(*state, offer.state);
  return true;
}

void DesiredStateAgent::arm_chunk_wait() {
  platform_.cancel(chunk_timer_);
  chunk_timer_ = platform_.after(config_.chunk_wait, [this] { on_chunk_wait(); });
}

void DesiredStateAgent::on_chunk_wait() {
  chunk_timer_ = 0;
  if (!chunks_.in_transfer() && !chunk_rejected_) return;
  chunk_rejected_ = false;
  if (chunks_.in_transfer()) {
    std::string missing;
    for (const std::uint8_t i : chunks_.missing())
      missing += (missing.empty() ? "" : ",") + std::to_string(i);
    platform_.events().emit("desired.chunks_missing", {{"generation", chunks_.generation()},
                                                       {"count", chunks_.count()},
                                                       {"missing", missing}});
  }
  report(true);  // an older generation than the cloud's: it sends the state again
  if (++chunk_asks_ < kChunkAsksMax) arm_chunk_wait();
}

void DesiredStateAgent::accept(const SiteDesiredState& state, std::span<const std::byte> encoded) {
  // Kept before acting: a reboot right after restores this plan, not the previous one.
  platform_.disk().write(kSitePlacementKey, encoded, Durability::synced);
  hand_placement(state);
  reconciler_.apply(state.for_node(config_.name));
  chunks_.forget_up_to(reconciler_.generation());
  if (!chunks_.in_transfer()) {
    platform_.cancel(chunk_timer_);
    chunk_timer_ = 0;
    chunk_rejected_ = false;
  }
  report(true);
}

DesiredStatus DesiredStateAgent::current_status() const {
  DesiredStatus status;
  status.node = config_.name;
  status.generation = reconciler_.generation();
  std::map<std::string, ContainerState> states;
  for (const auto& c : platform_.runtime().containers()) states[c.spec.name] = c.state;
  for (const auto& spec : reconciler_.desired().containers) {
    if (status.ready.size() >= DesiredStatus::kReadyMax) break;  // more than a box can hold
    const auto state = states.find(spec.name);
    if (state == states.end() || state->second != ContainerState::running) continue;
    if (config_.ready && config_.ready(spec.name) == true) status.ready.push_back(spec.name);
  }
  if (config_.peers_down) status.peers_down = config_.peers_down();
  if (status.peers_down.size() > DesiredStatus::kPeersMax) status.peers_down.resize(DesiredStatus::kPeersMax);
  status.compact(reconciler_.desired().containers);  // a bitmap when the names do not fit
  return status;
}

// Quiet boxes stay quiet: 800 boxes sending an unchanged status every 10 s cost the rehearsal
// a third of its run time for nothing the cloud did not know.
void DesiredStateAgent::report(bool force) {
  platform_.cancel(report_timer_);
  DesiredStatus status = current_status();
  const bool changed = !last_sent_ || last_sent_->generation != status.generation ||
                       last_sent_->ready != status.ready ||
                       last_sent_->ready_bits != status.ready_bits ||
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
