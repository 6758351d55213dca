#pragma once
// What one box should run, as the cloud last said: a generation number (higher is newer) and
// the containers, sorted by name. It travels cloud -> box and is kept on the box's disk, so a
// box rebooted while its WAN is down restores its apps without the cloud.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

struct BoxDesiredState {
  std::uint64_t generation = 0;
  std::vector<ContainerSpec> containers;  // sorted by name, names unique
};

// The disk key of the reconciler's record.
inline constexpr std::string_view kDesiredStateKey = "orchestration/desired-state";

nlohmann::json to_json(const ContainerSpec& spec);
std::optional<ContainerSpec> container_from_json(const nlohmann::json& j);
bool same_spec(const ContainerSpec& a, const ContainerSpec& b);

Bytes encode_desired_state(const BoxDesiredState& state);
// nullopt for bytes that are not a desired state this firmware wrote (torn or foreign).
std::optional<BoxDesiredState> decode_desired_state(std::span<const std::byte> bytes);

}  // namespace edgetwin::fw
