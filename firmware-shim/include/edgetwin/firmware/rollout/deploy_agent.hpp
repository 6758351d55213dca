#pragma once
// The box side of a rollout. The box the cloud orders pulls the version's images from the
// cloud registry over the WAN, passes the order to its peers (who pull from it over the LAN,
// so a site downloads each image once), installs, and reports the site ready when every peer
// is ready too. Images already on disk are not pulled again; the order is kept on disk, so a
// box rebooted half-way resumes where it was.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/rollout/rollout_messages.hpp"

namespace edgetwin::fw {

struct DeployAgentConfig {
  std::string name;
  std::vector<Address> peers;
  // Whether the peer monitor sees a peer alive. A dead peer does not hold its site back: it
  // gets the order when it is back (null: every peer counts as alive).
  std::function<bool(const std::string& peer)> peer_up;
  // Installing an image: unpacking its bytes at the disk's rate, then starting again each of
  // the box's containers of that app. Without a disk rate (0) a fixed `install_per_image`.
  double disk_bytes_per_s = 0;
  Duration container_start = Duration::seconds(2);
  Duration install_per_image = Duration::seconds(5);
  Duration status_every = Duration::seconds(30);      // progress reports, order re-sends
  // Pull retries back off 30 s, 60 s, ... : a site gives up after about 15 minutes without a
  // link, and the cloud then counts it failed.
  Duration retry_base = Duration::seconds(30);
  std::uint32_t pull_attempts_max = 6;
};

class DeployAgent {
 public:
  DeployAgent(Platform& platform, DeployAgentConfig config, std::uint32_t boot_epoch);
  void boot();  // resumes an order found on disk
  // False when the payload is not a valid order or status (the caller counts it).
  bool on_order(const Address& from, std::span<const std::byte> payload);
  // Statuses come from peers (their own progress) or, for a follower, from its downloader.
  bool on_status(const Address& from, std::span<const std::byte> payload);

 private:
  void accept(const DeployOrder& order);
  void switch_to_peer(const Address& peer);
  bool is_peer(const Address& node) const;
  bool peer_counts(const std::string& peer) const;
  void pull_next();
  void on_pulled(const ImageRef& image, bool complete, std::uint32_t generation);
  void install_next();
  Duration install_time(const ImageRef& image) const;
  void all_installed();
  void tick();
  void report(DeployState state);
  bool has_image(const ImageRef& image) const;
  bool downloader() const { return order_ && order_->source == kCloudAddress.node; }

  Platform& platform_;
  DeployAgentConfig config_;
  std::uint32_t boot_epoch_;
  std::optional<DeployOrder> order_;
  std::size_t next_image_ = 0;
  std::uint32_t generation_ = 0;  // pulls of an earlier source only record their image
  std::uint32_t attempts_ = 0;
  std::uint64_t bytes_pulled_ = 0;
  bool pulled_ = false;  // every image of the order is on this box
  bool installed_ = false;
  bool failed_ = false;
  std::map<std::string, bool> peer_ready_;
  // The rollout each peer last said it works on, and when: a cloud order that reaches this box
  // while its live peer is already pulling (the cloud lost sight of the site for a while) must
  // not start a second WAN download.
  struct PeerWork {
    std::uint32_t rollout = 0;
    Time heard{};
  };
  std::map<std::string, PeerWork> peer_work_;
  bool peer_already_pulling(const DeployOrder& order) const;
  std::optional<TimerId> tick_;
};

}  // namespace edgetwin::fw
