#include "edgetwin/sim/setup/rollout_setup.hpp"

#include <cmath>

namespace edgetwin::sim {
namespace {

constexpr double kBytesPerMib = 1024.0 * 1024.0;

std::span<const std::byte> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

}  // namespace

fw::RolloutConfig rollout_config(const model::Fleet& fleet, const model::RolloutSpec& spec) {
  fw::RolloutConfig config;
  config.plan = {spec.system, "", spec.canary_sites, spec.wave_sites, spec.max_parallel_downloads,
                 spec.pause_if_failed_sites};
  for (const auto& app : spec.apps)
    config.images.push_back(
        {app.name, app.version, static_cast<std::uint64_t>(std::llround(app.image_mib * kBytesPerMib))});
  for (const auto& site : fleet.sites) {
    if (site.system != spec.system) continue;
    fw::RolloutSite s{site.name, {}};
    for (const auto& box : site.boxes) s.boxes.push_back(box.name);
    config.sites.push_back(std::move(s));
  }
  config.start_after = fw::Duration::milliseconds(std::llround(spec.at_s * 1000));
  config.site_timeout = fw::Duration::milliseconds(std::llround(spec.site_timeout_s * 1000));
  config.soak = fw::Duration::milliseconds(std::llround(spec.soak_s * 1000));
  config.rollback_on_failure = spec.rollback_on_failure;
  return config;
}

void preinstall_images(SimNode& box, const model::Fleet& fleet, const model::Site& site) {
  for (const auto& name : fleet.systems.at(site.system)) {
    const model::App& app = fleet.apps.at(name);
    const fw::ImageRef image{name, app.version, 0};
    box.disk().write("deploy/image/" + image.key(), as_bytes("1"), fw::Durability::synced);
    box.disk().write("deploy/version/" + name, as_bytes(app.version), fw::Durability::synced);
  }
}

}  // namespace edgetwin::sim
