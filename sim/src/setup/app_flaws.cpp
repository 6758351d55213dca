#include "edgetwin/sim/setup/app_flaws.hpp"

#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "edgetwin/firmware/agents/cloud_agent.hpp"

namespace edgetwin::sim {

std::optional<ContainerFlaw> flaw_of(const model::AppBehaviour& b, const fw::ContainerSpec& spec) {
  ContainerFlaw f;
  if (b.crash_after_s)
    f.crash_after = fw::Duration::milliseconds(std::llround(*b.crash_after_s * 1000));
  f.unready = b.unready;
  f.probe_timeout = b.probe_timeout;
  // Without a limit nothing throttles or kills it (a limit of 0 means none, as in the fleet).
  f.throttled = b.cpu_use && spec.cpu_limit > 0 && *b.cpu_use > spec.cpu_limit;
  f.oom =
      b.memory_use_mib && spec.memory_limit_mib > 0 && *b.memory_use_mib > spec.memory_limit_mib;
  if (!f.crash_after && !f.unready && !f.probe_timeout && !f.throttled && !f.oom)
    return std::nullopt;
  return f;
}

namespace {

using Json = nlohmann::ordered_json;
using Behaviours = std::map<std::pair<std::string, std::string>, model::AppBehaviour>;

// The version the cloud placed this replica with, if it knows the replica.
const std::string* replica_version(const SimNode& cloud, const std::string& site,
                                   const std::string& replica) {
  const auto* agent = dynamic_cast<const fw::CloudAgent*>(cloud.agent());
  if (agent == nullptr || agent->orchestrator() == nullptr) return nullptr;
  const auto* controller = agent->orchestrator()->controller(site);
  if (controller == nullptr) return nullptr;
  const auto it = controller->replicas().find(replica);
  return it == controller->replicas().end() ? nullptr : &it->second.version;
}

}  // namespace

void install_app_flaws(const model::Scenario& scenario, const SimNode& cloud,
                       const std::vector<std::unique_ptr<SimNode>>& boxes, SimWorld& world) {
  auto behaviours = std::make_shared<Behaviours>();
  for (const auto& rollout : scenario.rollouts)
    for (const auto& app : rollout.apps)
      if (app.behaviour) behaviours->emplace(std::pair{app.name, app.version}, *app.behaviour);
  if (behaviours->empty()) return;
  std::map<std::string, std::string> site_of;
  for (const auto& site : scenario.fleet.sites)
    for (const auto& box : site.boxes) site_of[box.name] = site.name;
  for (const auto& box : boxes) {
    const std::string site = site_of.at(box->name());
    auto flaw = [behaviours, &cloud, &world, site, name = box->name()](
                    const fw::ContainerSpec& spec) -> std::optional<ContainerFlaw> {
      const std::string* version = replica_version(cloud, site, spec.name);
      if (version == nullptr) return std::nullopt;
      const auto b = behaviours->find({spec.app, *version});
      if (b == behaviours->end()) return std::nullopt;
      auto f = flaw_of(b->second, spec);
      if (f)
        world.log.write(world.loop.now().to_seconds(), "app.flawed_start",
                        Json{{"site", site}, {"box", name}, {"by", "twin"}},
                        Json{{"container", spec.name}, {"app", spec.app}, {"version", *version}});
      return f;
    };
    box->sim_runtime().set_flaws(std::move(flaw), [&world] { return world.loop.now(); });
  }
}

}  // namespace edgetwin::sim
