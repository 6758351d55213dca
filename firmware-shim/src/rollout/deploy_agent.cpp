#include "edgetwin/firmware/rollout/deploy_agent.hpp"

#include <cmath>

#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

namespace {

constexpr std::string_view kOrderKey = "deploy/order";

std::string image_key(const ImageRef& image) { return "deploy/image/" + image.key(); }
std::string version_key(const ImageRef& image) { return "deploy/version/" + image.app; }

std::span<const std::byte> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

}  // namespace

DeployAgent::DeployAgent(Platform& platform, DeployAgentConfig config, std::uint32_t boot_epoch)
    : platform_(platform), config_(std::move(config)), boot_epoch_(boot_epoch) {}

void DeployAgent::boot() {
  const auto saved = platform_.disk().read(kOrderKey);
  if (!saved) return;
  if (auto order = DeployOrder::decode(*saved)) {
    platform_.events().emit("deploy.resume", {{"rollout", order->rollout}});
    accept(*order);
  }
}

bool DeployAgent::is_peer(const Address& node) const {
  for (const auto& p : config_.peers)
    if (p == node) return true;
  return false;
}

bool DeployAgent::on_order(const Address& from, std::span<const std::byte> payload) {
  auto order = DeployOrder::decode(payload);
  // Orders come from the cloud, or from a peer passing the cloud's order on.
  if (!order || (!(from == kCloudAddress) && !is_peer(from))) return false;
  if (order_ && order_->rollout == order->rollout && !failed_) {
    // A peer that has every image offers them over the LAN: better than the WAN we are on.
    if (is_peer(from) && !pulled_ && order_->source == kCloudAddress.node) switch_to_peer(from);
    // Where it stands, as a tick says it: a downloader that finished is `ready` (the cloud
    // re-orders when it missed that, after a retry or its own restart), not `downloading`.
    else
      tick();
    return true;
  }
  if (from == kCloudAddress && peer_already_pulling(*order)) {
    platform_.events().emit("deploy.deferred", {{"rollout", order->rollout}});
    const DeployStatus status{order->rollout, config_.name, DeployState::downloading, 0};
    platform_.send(from, Channel::firmware,
                   encode_envelope(MessageType::deploy_status, boot_epoch_, status.encode()));
    return true;
  }
  // New, or the order coming through again after this box gave up: the link is back, so try
  // again, skipping what is already on disk.
  platform_.disk().write(kOrderKey, order->encode(), Durability::synced);
  accept(*order);
  return true;
}

void DeployAgent::accept(const DeployOrder& order) {
  order_ = order;
  next_image_ = 0;
  attempts_ = 0;
  ++generation_;
  installed_ = pulled_ = failed_ = false;
  peer_ready_.clear();
  for (const auto& p : config_.peers) peer_ready_[p.node] = false;
  platform_.events().emit("deploy.order", {{"rollout", order.rollout},
                                           {"system", order.system},
                                           {"source", order.source}});
  tick();
  pull_next();
}

void DeployAgent::switch_to_peer(const Address& peer) {
  order_->source = order_->report_to = peer.node;
  platform_.disk().write(kOrderKey, order_->encode(), Durability::synced);
  platform_.events().emit("deploy.source", {{"source", peer.node}});
  ++generation_;
  attempts_ = 0;
  pull_next();
}

// Pulls the images this box lacks, one at a time (they share one link anyway).
void DeployAgent::pull_next() {
  while (next_image_ < order_->images.size() && has_image(order_->images[next_image_]))
    ++next_image_;
  if (next_image_ == order_->images.size()) {
    pulled_ = true;
    if (downloader()) tick();  // the peers pull from this box while it installs
    return install_next();
  }
  const ImageRef image = order_->images[next_image_];
  platform_.pull(Address{order_->source}, image.name(), image.bytes,
                 [this, image, g = generation_](bool complete) { on_pulled(image, complete, g); });
}

void DeployAgent::on_pulled(const ImageRef& image, bool complete, std::uint32_t generation) {
  if (complete && !has_image(image)) {
    bytes_pulled_ += image.bytes;
    platform_.disk().write(image_key(image), as_bytes("1"), Durability::synced);
    platform_.events().emit("deploy.pulled", {{"image", image.key()}, {"bytes", image.bytes}});
  }
  if (generation != generation_ || failed_) return;  // a pull from a source since replaced
  if (complete) {
    attempts_ = 0;
    return pull_next();
  }
  if (++attempts_ >= config_.pull_attempts_max) {
    failed_ = true;
    platform_.events().emit("deploy.failed", {{"image", image.key()}, {"attempts", attempts_}});
    return report(DeployState::failed);
  }
  const Duration backoff = config_.retry_base * (std::int64_t{1} << (attempts_ - 1));
  platform_.after(backoff, [this, g = generation_] {
    if (g == generation_) pull_next();
  });
}

// Installs the pulled images one after the other: the swap of a running app to its new image.
void DeployAgent::install_next() {
  if (installed_) return;
  for (const ImageRef& image : order_->images) {
    const auto current = platform_.disk().read(version_key(image));
    const bool done = current && std::string(reinterpret_cast<const char*>(current->data()),
                                             current->size()) == image.version;
    if (done) continue;
    platform_.after(install_time(image), [this, image, g = generation_] {
      if (g != generation_) return;
      platform_.disk().write(version_key(image), as_bytes(image.version), Durability::synced);
      platform_.events().emit("app.version", {{"app", image.app}, {"version", image.version}});
      install_next();
    });
    return;
  }
  installed_ = true;
  if (!downloader()) return report(DeployState::ready);
  tick();  // report the site ready now if the peers are, rather than at the next tick
}

Duration DeployAgent::install_time(const ImageRef& image) const {
  if (config_.disk_bytes_per_s <= 0) return config_.install_per_image;
  std::int64_t containers = 0;
  for (const auto& c : platform_.runtime().containers()) containers += c.spec.app == image.app;
  const double unpack_s = static_cast<double>(image.bytes) / config_.disk_bytes_per_s;
  return Duration::milliseconds(std::llround(unpack_s * 1000)) +
         config_.container_start * containers;
}

bool DeployAgent::peer_counts(const std::string& peer) const {
  return !config_.peer_up || config_.peer_up(peer);
}

// Every `status_every` while the order is open: the downloader passes the order to peers not
// yet ready (also after the site is ready: a peer that was down gets it when it is back) and
// tells the cloud how far the site is; a follower re-reports.
void DeployAgent::tick() {
  if (tick_) platform_.cancel(*tick_);
  tick_.reset();
  if (!order_ || failed_) return;
  bool peers_ready = true, all_peers_ready = true;
  if (downloader() && pulled_) {
    DeployOrder to_peer = *order_;
    to_peer.source = to_peer.report_to = config_.name;
    for (const auto& [peer, ready] : peer_ready_) {
      if (ready) continue;
      all_peers_ready = false;
      peers_ready = peers_ready && !peer_counts(peer);
      platform_.send(Address{peer}, Channel::firmware,
                     encode_envelope(MessageType::deploy_order, boot_epoch_, to_peer.encode()));
    }
  }
  DeployState state = DeployState::downloading;
  if (!downloader()) state = installed_ ? DeployState::ready : DeployState::downloading;
  else if (pulled_) state = installed_ && peers_ready ? DeployState::ready : DeployState::installing;
  report(state);
  if (installed_ && (!downloader() || all_peers_ready)) return;  // the cloud re-orders if lost
  tick_ = platform_.after(config_.status_every, [this] { tick(); });
}

bool DeployAgent::peer_already_pulling(const DeployOrder& order) const {
  for (const auto& [peer, work] : peer_work_)
    if (work.rollout == order.rollout && peer_counts(peer) &&
        platform_.now() - work.heard <= config_.status_every * 2)
      return true;
  return false;
}

bool DeployAgent::on_status(const Address& from, std::span<const std::byte> payload) {
  auto status = DeployStatus::decode(payload);
  if (!status || status->node != from.node || !is_peer(from)) return false;
  if (status->state != DeployState::failed) peer_work_[from.node] = {status->rollout, platform_.now()};
  auto it = peer_ready_.find(from.node);
  if (!order_ || status->rollout != order_->rollout || it == peer_ready_.end()) return true;
  if (status->state == DeployState::ready && !it->second) {
    it->second = true;
    if (installed_) tick();
  }
  return true;
}

// `state` goes to whoever gave the order. The peers hear this box's own progress too: when
// both boxes pulled from the cloud (one took over from the other after a crash), each must
// learn that the other is ready.
void DeployAgent::report(DeployState state) {
  if (!order_) return;
  auto send = [this](const std::string& to, DeployState s) {
    const DeployStatus status{order_->rollout, config_.name, s, bytes_pulled_};
    platform_.send(Address{to}, Channel::firmware,
                   encode_envelope(MessageType::deploy_status, boot_epoch_, status.encode()));
  };
  send(order_->report_to, state);
  const DeployState own = failed_ ? DeployState::failed
                          : installed_ ? DeployState::ready
                                       : DeployState::downloading;
  for (const auto& peer : config_.peers)
    if (peer.node != order_->report_to) send(peer.node, own);
}

bool DeployAgent::has_image(const ImageRef& image) const {
  return platform_.disk().read(image_key(image)).has_value();
}

}  // namespace edgetwin::fw
