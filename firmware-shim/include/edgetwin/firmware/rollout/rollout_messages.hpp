#pragma once
// The messages of a fleet-wide rollout: the cloud orders a site to deploy a system version,
// the site's boxes pass the order on over the LAN and report their progress back.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

// One container image of the version being deployed. In a registry it is the repository named
// after the app, at the reference `version` (a tag, or "sha256:<hex>" to pin the manifest).
struct ImageRef {
  std::string app;
  std::string version;
  std::uint64_t bytes = 0;

  std::string key() const { return app + "@" + version; }
  ImageName name() const { return {app, version}; }
  bool operator==(const ImageRef&) const = default;
};

// Cloud -> a site's box ("fetch these images from `source`, install them, report to the
// cloud"), and downloader box -> its peer (same, with the downloader as source).
struct DeployOrder {
  static constexpr std::size_t kImagesMax = 64;  // a system of more apps is refused

  std::uint32_t rollout = 0;
  std::string system;
  std::string source;  // node the images are pulled from: the cloud's registry or the peer
  std::string report_to;  // node that wants the DeployStatus
  std::vector<ImageRef> images;

  Bytes encode() const;
  static std::optional<DeployOrder> decode(std::span<const std::byte> payload);
};

// `installing`: every image is on the site (its WAN download slot is free again).
enum class DeployState : std::uint8_t { downloading = 0, ready = 1, failed = 2, installing = 3 };
inline constexpr std::uint8_t kDeployStateMax = 3;
const char* to_string(DeployState s);

// Box -> whoever ordered: where this box (and, from a downloader, its site) stands.
struct DeployStatus {
  std::uint32_t rollout = 0;
  std::string node;
  DeployState state = DeployState::downloading;
  std::uint64_t bytes_pulled = 0;  // over the order's source link, this box alone

  Bytes encode() const;
  static std::optional<DeployStatus> decode(std::span<const std::byte> payload);
};

}  // namespace edgetwin::fw
