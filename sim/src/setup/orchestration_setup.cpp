#include "edgetwin/sim/setup/orchestration_setup.hpp"

#include <algorithm>

#include "edgetwin/firmware/orchestration/desired_state_agent.hpp"
#include "edgetwin/model/site_placement.hpp"
#include "edgetwin/sim/setup/generic_nodes.hpp"

namespace edgetwin::sim {
namespace {

fw::Command command_of(const std::string& op) {
  if (op == "upgrade") return fw::Command::app_upgrade;
  if (op == "rollback") return fw::Command::app_rollback;
  if (op == "delete") return fw::Command::app_delete;
  if (op == "scale") return fw::Command::app_scale;
  if (op == "rollout.pause") return fw::Command::rollout_pause;
  if (op == "rollout.resume") return fw::Command::rollout_resume;
  if (op == "rollout.abort") return fw::Command::rollout_abort;
  if (op == "rollout.retry_failed") return fw::Command::rollout_retry_failed;
  return fw::Command::app_deploy;
}

fw::PermissionSet permissions_of(const std::vector<std::string>& names) {
  const bool deploy = std::find(names.begin(), names.end(), "deploy") != names.end();
  const bool om = std::find(names.begin(), names.end(), "om") != names.end();
  if (deploy && om) return {fw::Permission::deploy, fw::Permission::om};
  if (deploy) return {fw::Permission::deploy};
  if (om) return {fw::Permission::om};
  return {};
}

// Every version the run can deploy: the fleet's, the rollout's and those operations name.
// A version other than the fleet's keeps the app's resources (the file gives no others).
fw::AppCatalog catalog_of(const model::Scenario& scenario) {
  const model::Fleet& fleet = scenario.fleet;
  fw::AppCatalog catalog;
  std::map<std::string, fw::AppReplicas> apps;
  for (const auto& [name, app] : fleet.apps) apps.emplace(name, model::app_replicas(app));
  auto add = [&](const std::string& app, const std::string& version, double image_mib) {
    const auto it = apps.find(app);
    if (it == apps.end() || catalog.find(app, version)) return;
    catalog.add({app, version, image_mib, it->second.replicas, it->second.spec,
                 it->second.host_ports});
  };
  for (const auto& [name, app] : fleet.apps) add(name, app.version, app.image_mib);
  for (const auto& rollout : scenario.rollouts)
    for (const auto& app : rollout.apps) add(app.name, app.version, app.image_mib);
  for (const auto& op : scenario.operations)
    if (!op.version.empty()) add(op.app, op.version, fleet.apps.at(op.app).image_mib);
  return catalog;
}

}  // namespace

fw::OrchestratorConfig orchestration_config(const model::Scenario& scenario, bool factory) {
  const model::Fleet& fleet = scenario.fleet;
  fw::OrchestratorConfig config;
  config.catalog = catalog_of(scenario);
  config.policy = model::scoring_policy(fleet);
  for (const auto& [name, app] : fleet.apps)
    if (app.approval) config.approval_apps.insert(name);
  for (const auto& site : fleet.sites) {
    fw::SiteApps apps{site.name, model::site_nodes(fleet, site), {}};
    // From the factory a site runs nothing until the rollout brings its images.
    if (!factory)
      for (const auto& app : model::system_apps(fleet, site))
        apps.deployed.emplace_back(app.spec.app, fleet.apps.at(app.spec.app).version);
    config.sites.push_back(std::move(apps));
    if (auto cluster = site_cluster(fleet, site)) config.clusters[site.name] = std::move(*cluster);
  }
  for (const auto& g : scenario.grants)
    for (const auto& site : g.sites)
      config.grants.push_back({g.account, site, permissions_of(g.permissions)});
  return config;
}

std::vector<ScheduledOperation> scheduled_operations(const model::Scenario& scenario) {
  std::vector<ScheduledOperation> out;
  for (const auto& spec : scenario.operations) {
    if (spec.op == "replace-box") continue;  // the twin's and the console's: box_replacement.hpp
    // A rollout command acts on the rollout, which spans sites: one command, no site.
    if (spec.op.starts_with("rollout.")) {
      fw::AppOperation op;
      op.actor = spec.actor;
      op.command = command_of(spec.op);
      out.push_back({spec.at_s, std::move(op)});
      continue;
    }
    for (const auto& site : spec.sites) {
      fw::AppOperation op;
      op.actor = spec.actor;
      op.site = site;
      op.command = command_of(spec.op);
      op.app = spec.app;
      op.version = spec.version;
      if (spec.op == "deploy" && op.version.empty())
        op.version = scenario.fleet.apps.at(spec.app).version;
      op.replicas = spec.replicas.value_or(-1);
      op.strategy = {spec.max_unavailable, spec.max_surge};
      if (spec.op == "request") op.component = fw::ComponentStep::request;
      if (spec.op == "approve") op.component = fw::ComponentStep::approve;
      out.push_back({spec.at_s, std::move(op)});
    }
  }
  return out;
}

fw::SiteDesiredState initial_desired_state(const fw::OrchestratorConfig& config,
                                           const std::string& site) {
  for (const auto& apps : config.sites) {
    if (apps.name != site) continue;
    const auto controller = fw::make_site_controller(config.catalog, apps, config.policy);
    return fw::site_desired_state(*controller, apps);
  }
  return {};
}

void seed_desired_state(SimNode& box, const fw::SiteDesiredState& state) {
  if (state.generation == 0) return;
  const auto bytes = state.encode();
  if (!bytes) return;  // too large to travel: the cloud says so at its first send
  box.disk().write(std::string(fw::kSitePlacementKey), *bytes, fw::Durability::synced);
  box.disk().write(std::string(fw::kDesiredStateKey),
                   fw::encode_desired_state(state.for_node(box.name())), fw::Durability::synced);
}

}  // namespace edgetwin::sim
