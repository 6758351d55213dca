#pragma once
// The control-plane messages of app lifecycle (desired state, docs/orchestration.md):
//
// - cloud -> box `SiteDesiredState`: the generation and the whole site's placement, box by box.
//   The box runs its own entry (Reconciler) and keeps the others' stateless replicas as what it
//   adopts when a peer dies (ServiceFailover), so an upgrade that renames replicas also moves
//   the failover plan. It travels in one datagram (`desired_state`) when it fits one, else as
//   a sequence of `desired_chunk`s reassembled by generation (desired_chunk.hpp).
// - box -> cloud `DesiredStatus`: the generation the box holds and which of its desired
//   containers are ready, every report interval. The cloud resends a newer state to a box that
//   reports an older generation, so a lost datagram or a WAN outage costs one interval, and the
//   readiness drives rolling upgrades.
//
// Resources travel as the exact bits of their doubles: a container whose spec did not change
// must compare equal after the round trip, or the box would restart it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/orchestration/desired_state.hpp"

namespace edgetwin::fw {

// The most containers of one site's desired state (every box's together). The manual's full
// site is 64 (five business subsystems, the built-in components and Link Visual, two replicas
// each); twice that leaves room for scaling out and for the surge replicas of an upgrade. The
// model's validation refuses a fleet whose site needs more; the cloud refuses to send a state
// above it (event `desired.too_large`) and a box refuses to take one.
inline constexpr std::size_t kDesiredContainersMax = 128;
// The most bytes of one encoded site state, chunked or not: 128 containers of typical names
// take about 11 KiB; names of 255 bytes each would need 100, which is refused (`too_large`).
inline constexpr std::size_t kDesiredStateBytesMax = 32 * 1024;

struct SiteDesiredState {
  static constexpr std::size_t kContainersMax = kDesiredContainersMax;
  static constexpr std::size_t kNodesMax = 8;

  std::string site;
  std::uint64_t generation = 0;
  std::vector<std::pair<std::string, std::vector<ContainerSpec>>> nodes;  // node -> containers

  // This node's entry as a BoxDesiredState (empty containers when it has none).
  BoxDesiredState for_node(const std::string& node) const;
  std::size_t container_count() const;

  // nullopt when it exceeds the bounds (nodes, kDesiredContainersMax, kDesiredStateBytesMax).
  // Whether it fits one datagram (kPayloadBytesMax) is the sender's choice of message type.
  std::optional<Bytes> encode() const;
  static std::optional<SiteDesiredState> decode(std::span<const std::byte> payload);
};

// The ready containers travel by name while the names fit one datagram (a site of up to 16
// containers always does, byte for byte as before the bound was raised), else as a bitmap over
// the box's desired containers at `generation` in name order, which the cloud knows too: 16
// bytes for 128 containers, where their names would take 3 KiB. On the wire the bitmap form
// is the names count 0xFF, then the number of bits (u8) and the bits, first container in the
// first byte's most significant bit, unused bits zero.
struct DesiredStatus {
  static constexpr std::size_t kReadyMax = kDesiredContainersMax;
  static constexpr std::size_t kPeersMax = SiteDesiredState::kNodesMax;
  static constexpr std::uint8_t kBitmapMarker = 0xFF;

  std::string node;
  std::uint64_t generation = 0;
  std::vector<std::string> ready;  // desired containers of this box that are running and ready
  // Instead of `ready` when the names do not fit: bit i is the box's i-th desired container.
  std::optional<std::vector<bool>> ready_bits;
  // The site's other boxes this box has declared down on the LAN. The cloud takes a box it
  // cannot hear for dead only when a peer says so: otherwise only its WAN may have failed.
  std::vector<std::string> peers_down;

  Bytes encode() const;
  static std::optional<DesiredStatus> decode(std::span<const std::byte> payload);
  // `ready` as a bitmap over `desired` (the box's containers, by name) when the names would
  // not fit one datagram; unchanged otherwise.
  void compact(const std::vector<ContainerSpec>& desired);
  // The ready names, from the bitmap and the box's desired containers at `generation` when
  // the status carries one; nullopt when the bitmap does not match them.
  std::optional<std::vector<std::string>> ready_names(
      const std::vector<ContainerSpec>& desired) const;
};

}  // namespace edgetwin::fw
