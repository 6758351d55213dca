#pragma once
// The control-plane messages of app lifecycle (desired state, docs/orchestration.md):
//
// - cloud -> box `SiteDesiredState`: the generation and the whole site's placement, box by box.
//   The box runs its own entry (Reconciler) and keeps the others' stateless replicas as what it
//   adopts when a peer dies (ServiceFailover), so an upgrade that renames replicas also moves
//   the failover plan.
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

struct SiteDesiredState {
  // Bound on the containers of a whole site in one message: 16 containers of typical names
  // stay within the 1200-byte payload. A larger site is refused by the cloud with an event.
  static constexpr std::size_t kContainersMax = 16;
  static constexpr std::size_t kNodesMax = 8;

  std::string site;
  std::uint64_t generation = 0;
  std::vector<std::pair<std::string, std::vector<ContainerSpec>>> nodes;  // node -> containers

  // This node's entry as a BoxDesiredState (empty containers when it has none).
  BoxDesiredState for_node(const std::string& node) const;
  std::size_t container_count() const;

  // nullopt when it exceeds the bounds or the payload size.
  std::optional<Bytes> encode() const;
  static std::optional<SiteDesiredState> decode(std::span<const std::byte> payload);
};

struct DesiredStatus {
  static constexpr std::size_t kReadyMax = SiteDesiredState::kContainersMax;
  static constexpr std::size_t kPeersMax = SiteDesiredState::kNodesMax;

  std::string node;
  std::uint64_t generation = 0;
  std::vector<std::string> ready;  // desired containers of this box that are running and ready
  // The site's other boxes this box has declared down on the LAN. The cloud takes a box it
  // cannot hear for dead only when a peer says so: otherwise only its WAN may have failed.
  std::vector<std::string> peers_down;

  Bytes encode() const;
  static std::optional<DesiredStatus> decode(std::span<const std::byte> payload);
};

}  // namespace edgetwin::fw
