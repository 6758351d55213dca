#include "edgetwin/firmware/orchestration/app_orchestrator.hpp"

#include <algorithm>

#include "edgetwin/firmware/orchestration/desired_chunk.hpp"
#include "edgetwin/firmware/orchestration/desired_messages.hpp"
#include "edgetwin/firmware/orchestration/generation_bounds.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

AppOrchestrator::AppOrchestrator(Platform& platform, OrchestratorConfig config,
                                 const NodeRegistry& registry, AuditLog& audit,
                                 ClusterAuthorization& authorization)
    : platform_(platform),
      config_(std::move(config)),
      registry_(registry),
      audit_(audit),
      authorization_(authorization) {}

void AppOrchestrator::start(std::uint32_t boot_epoch) {
  boot_epoch_ = boot_epoch;
  std::size_t restored = 0;
  for (const SiteApps& apps : config_.sites) {
    authorization_.add_cluster(apps.name, config_.owner);
    Site& site = sites_[apps.name];
    site.apps = apps;
    make_cluster(site);
    // A restarted cloud: what it persisted, not the fleet's first deployment.
    if (restore(site))
      ++restored;
    else
      site.controller = make_site_controller(config_.catalog, apps, config_.policy);
    for (const auto& node : site.apps.nodes) site_of_node_[node.name] = apps.name;
  }
  if (restored > 0) platform_.events().emit("orchestration.restored", {{"sites", restored}});
  for (const AppGrant& g : config_.grants)
    authorization_.grant(config_.owner, g.site, g.account, g.permissions);
}

const DesiredStateController* AppOrchestrator::controller(const std::string& site) const {
  const auto it = sites_.find(site);
  return it == sites_.end() ? nullptr : it->second.controller.get();
}

std::optional<std::string> AppOrchestrator::operate(const AppOperation& op) {
  auto emit = [&](std::string_view outcome, const std::string& why) {
    std::string_view name = to_string(op.command);
    if (op.component == ComponentStep::request) name = "component_request";
    if (op.component == ComponentStep::approve) name = "component_approve";
    platform_.events().emit("app.op", {{"actor", op.actor},
                                       {"site", op.site},
                                       {"op", name},
                                       {"app", op.app},
                                       {"version", op.version},
                                       {"outcome", outcome},
                                       {"why", why}});
  };
  const auto it = sites_.find(op.site);
  if (it == sites_.end()) {
    emit("refused", "no site " + op.site);
    return "no site " + op.site;
  }
  if (op.component != ComponentStep::none) {
    const auto why = op.component == ComponentStep::request
                         ? request_component(op.actor, op.site, op.app)
                         : approve_component(op.actor, op.site, op.app);
    emit(why ? "denied" : "accepted", why.value_or(""));
    return why;
  }
  if (auto denial = authorization_.check(op.actor, op.site, op.command, op.app)) {
    ++denied_;
    emit("denied", denial->message);
    return denial->message;
  }
  if (op.command == Command::app_deploy && config_.approval_apps.contains(op.app) &&
      !approved_.contains({op.site, op.app})) {
    const std::string why = op.app + " is a cluster component that needs the platform's approval on " +
                            op.site + ": apply for it, then wait for the review";
    emit("refused", why);
    return why;
  }
  sync_nodes(it->second);
  const OpResult result = run(it->second, op);
  if (!result) {
    emit("refused", result.error().message);
    return result.error().message;
  }
  emit("accepted", "");
  if (!it->second.changing_since) it->second.changing_since = platform_.now();
  publish(it->second);
  report_blocked(it->second);
  return std::nullopt;
}

std::optional<std::string> AppOrchestrator::request_component(const std::string& actor,
                                                              const std::string& site,
                                                              const std::string& app) {
  if (!sites_.contains(site) || !config_.approval_apps.contains(app)) {
    ++denied_;
    return app + " on " + site + " needs no approval";
  }
  if (auto denial = authorization_.check(actor, site, Command::app_deploy, app)) {
    ++denied_;
    return denial->message;
  }
  requested_.insert({site, app});
  platform_.events().emit("component.requested", {{"actor", actor}, {"site", site}, {"app", app}});
  return std::nullopt;
}

std::optional<std::string> AppOrchestrator::approve_component(const std::string& actor,
                                                              const std::string& site,
                                                              const std::string& app) {
  std::optional<std::string> why;
  if (actor != config_.platform_operator) why = actor + " is not the platform's operator";
  else if (!requested_.contains({site, app})) why = "nobody applied for " + app + " on " + site;
  audit_.record({platform_.now(), actor, site, "component_approve", app, !why, why ? "platform" : ""});
  if (why) {
    ++denied_;
    return why;
  }
  approved_.insert({site, app});
  platform_.events().emit("component.approved", {{"actor", actor}, {"site", site}, {"app", app}});
  return std::nullopt;
}

OpResult AppOrchestrator::run(Site& site, const AppOperation& op) {
  DesiredStateController& c = *site.controller;
  switch (op.command) {
    case Command::app_deploy: return c.deploy(op.app, op.version, op.replicas);
    case Command::app_upgrade: return c.upgrade(op.app, op.version, op.strategy);
    case Command::app_rollback: return c.rollback(op.app, op.strategy);
    case Command::app_delete: return c.remove(op.app);
    case Command::app_scale: return c.scale(op.app, op.replicas);
    default: break;
  }
  return OpResult::failure({OpErrorKind::bad_strategy, "not an app operation"});
}

// A box is down for the controller (its replicas not ready, nothing new placed there) only when
// the cloud cannot hear it AND a box of its site that the cloud hears has declared it down on
// the LAN. A box the cloud cannot hear may only have lost its WAN (every box of a cut-off site,
// or the first box back after an outage while its peer has not reported yet): its last
// readiness stands, so an upgrade decided meanwhile never removes replicas that still serve
// (what KubeEdge and OpenYurt users complain of).
void AppOrchestrator::sync_nodes(Site& site) {
  auto heard = [&](const std::string& node) {
    const auto row = registry_.rows().find(node);
    return row != registry_.rows().end() && row->second.status == "running";
  };
  for (const auto& node : site.apps.nodes) {
    if (heard(node.name)) {
      site.controller->set_node_up(node.name, true);
      site.generic_down.erase(node.name);
      continue;
    }
    if (site.generic.contains(node.name)) {
      check_generic_down(site, node.name);
      continue;
    }
    for (const auto& [reporter, down] : site.peers_down)
      if (reporter != node.name && heard(reporter) &&
          std::find(down.begin(), down.end(), node.name) != down.end())
        site.controller->set_node_up(node.name, false);
  }
}

namespace {

std::string record_key(const std::string& site) { return "cloud/desired/" + site; }

}  // namespace

void AppOrchestrator::persist(Site& site, bool always) {
  const std::uint64_t generation = site.controller->generation();
  if (!always && generation == site.persisted) return;
  site.persisted = generation;
  nlohmann::json record{
      {"controller", site.controller->save()},
      {"rollout_switched",
       std::vector<std::string>(site.rollout_switched.begin(), site.rollout_switched.end())}};
  // Only with generic nodes, so that a site without any writes the record it always wrote.
  if (!site.generic.empty()) record["generic"] = joined_generic(site);
  const std::string text = record.dump();
  platform_.disk().write(record_key(site.apps.name),
                         {reinterpret_cast<const std::byte*>(text.data()), text.size()},
                         Durability::synced);
}

bool AppOrchestrator::restore(Site& site) {
  const auto bytes = platform_.disk().read(record_key(site.apps.name));
  if (!bytes) return false;
  const auto* text = reinterpret_cast<const char*>(bytes->data());
  const auto record = nlohmann::json::parse(text, text + bytes->size(), nullptr, false);
  if (!record.is_object() || !record.contains("controller") ||
      !record.contains("rollout_switched") || !record["rollout_switched"].is_array())
    return false;
  auto controller =
      std::make_unique<DesiredStateController>(config_.catalog, site.apps.nodes, config_.policy);
  const auto generic = rejoin_generic(site, record, *controller);
  if (!generic || !controller->restore(record["controller"])) return false;
  for (const NodeSpec* spec : *generic) (void)add_joined(site, *spec);  // as they joined
  for (const auto& app : record["rollout_switched"])
    if (app.is_string()) site.rollout_switched.insert(app.get<std::string>());
  site.controller = std::move(controller);
  site.persisted = site.controller->generation();
  return true;
}

void AppOrchestrator::publish(Site& site) {
  persist(site);
  for (const auto& node : site.apps.nodes)
    if (site.held[node.name] < site.controller->generation()) send(site, node.name);
}

// One datagram when the state fits one (`desired_state`, as always), else its chunks
// (`desired_chunk`, desired_chunk.hpp), all sent at once: a lost one is sent again with the
// rest when the box reports that it still holds an older generation.
void AppOrchestrator::send(const Site& site, const std::string& node) {
  const SiteDesiredState state = site_desired_state(*site.controller, site.apps);
  const auto payload = state.encode();
  if (!payload) {
    const bool containers = state.container_count() > kDesiredContainersMax;
    platform_.events().emit(
        "desired.too_large",
        {{"site", site.apps.name},
         {"generation", site.controller->generation()},
         {"containers", state.container_count()},
         {"why", containers ? "more than " + std::to_string(kDesiredContainersMax) + " containers"
                            : "more than " + std::to_string(kDesiredStateBytesMax) + " bytes"}});
    return;
  }
  if (payload->size() <= kPayloadBytesMax) {
    platform_.send(Address{node}, Channel::firmware,
                   encode_envelope(MessageType::desired_state, boot_epoch_, *payload));
    return;
  }
  const auto chunks = split_desired_state(state.site, state.generation, *payload);
  for (const DesiredChunk& chunk : *chunks)  // encode() bounded the size: it splits
    platform_.send(Address{node}, Channel::firmware,
                   encode_envelope(MessageType::desired_chunk, boot_epoch_, chunk.encode()));
}

bool AppOrchestrator::on_status(const Address& from, std::span<const std::byte> payload) {
  const auto status = DesiredStatus::decode(payload);
  if (!status || status->node != from.node) return false;  // a box speaks for itself only
  const auto node_site = site_of_node_.find(status->node);
  if (node_site == site_of_node_.end()) return false;
  Site& site = sites_.at(node_site->second);
  // A box cannot hold a generation far beyond the cloud's: believing one would stop the cloud
  // sending it states for good (generation_bounds.hpp).
  if (!generation_credible(status->generation, site.controller->generation())) return false;
  site.held[status->node] = status->generation;
  site.peers_down[status->node] = status->peers_down;
  DesiredStateController& c = *site.controller;
  // Readiness counts only for the generation the box runs: an older one may lack new replicas.
  // A bitmap is read over the box's containers at that generation, which the cloud has too.
  const auto ready = status->generation == c.generation()
                         ? status->ready_names(c.box_state(status->node).containers)
                         : std::nullopt;
  if (ready) {
    for (const auto& [name, replica] : c.replicas())
      if (replica.node == status->node)
        c.set_ready(name, std::find(ready->begin(), ready->end(), name) != ready->end());
  }
  sync_nodes(site);
  c.step();
  publish(site);
  report_blocked(site);
  check_converged(site);
  return true;
}

void AppOrchestrator::report_blocked(Site& site) {
  for (const auto& [name, app] : site.controller->apps()) {
    std::string& said = site.blocked[name];
    if (app.blocked == said) continue;
    said = app.blocked;
    if (!said.empty())
      platform_.events().emit("app.blocked", {{"site", site.apps.name}, {"app", name}, {"why", said}});
  }
}

bool AppOrchestrator::converged(const Site& site) const { return !not_converged(site); }

std::optional<std::string> AppOrchestrator::not_converged(const Site& site) const {
  const DesiredStateController& c = *site.controller;
  auto up = [&](const std::string& node) {
    const auto row = registry_.rows().find(node);
    return row != registry_.rows().end() && row->second.status == "running";
  };  // converged means: steady on every box the cloud can see
  for (const auto& node : site.apps.nodes) {
    const auto held = site.held.find(node.name);
    if (up(node.name) && (held == site.held.end() || held->second < c.generation()))
      return node.name + " does not hold generation " + std::to_string(c.generation());
  }
  for (const auto& [name, app] : c.apps()) {
    if (!app.blocked.empty()) return name + ": " + app.blocked;
    if (app.upgrading) return name + " is upgrading to " + app.version;
  }
  for (const auto& [name, replica] : c.replicas())
    if (up(replica.node) && !replica.ready) return name + " (" + replica.version + ") is not ready";
  return std::nullopt;
}

std::optional<std::string> AppOrchestrator::not_steady(const std::string& site_name,
                                                       const std::vector<ImageRef>& images,
                                                       bool new_versions) const {
  const auto it = sites_.find(site_name);
  if (it == sites_.end()) return "no site " + site_name;
  const auto& apps = it->second.controller->apps();
  for (const ImageRef& image : images) {
    if (!new_versions && !it->second.rollout_switched.contains(image.app)) continue;
    const auto app = apps.find(image.app);
    if (app == apps.end()) return image.app + " is not deployed";
    if ((app->second.version == image.version) != new_versions)
      return image.app + " runs " + app->second.version;
  }
  return not_converged(it->second);
}

void AppOrchestrator::roll_back_rollout_site(const std::string& site_name,
                                             const std::vector<ImageRef>& images) {
  const auto it = sites_.find(site_name);
  if (it == sites_.end()) return;
  for (const ImageRef& image : images) {
    const auto& apps = it->second.controller->apps();
    const auto app = apps.find(image.app);
    if (!it->second.rollout_switched.contains(image.app) || app == apps.end() ||
        app->second.version != image.version)
      continue;
    AppOperation op{config_.owner, site_name, Command::app_rollback, image.app, ""};
    op.strategy = app->second.replicas > 1 ? RollingStrategy{1, 0} : RollingStrategy{0, 1};
    operate(op);
  }
}

void AppOrchestrator::check_converged(Site& site) {
  if (!site.changing_since || !converged(site)) return;
  platform_.events().emit("app.converged",
                          {{"site", site.apps.name},
                           {"generation", site.controller->generation()},
                           {"elapsed_s", (platform_.now() - *site.changing_since).to_seconds()}});
  site.changing_since.reset();
}

void AppOrchestrator::on_rollout_site(const std::string& site_name,
                                      const std::vector<ImageRef>& images) {
  const auto it = sites_.find(site_name);
  if (it == sites_.end()) return;
  for (const ImageRef& image : images) {
    AppOperation op{config_.owner, site_name, Command::app_deploy, image.app, image.version};
    const auto& apps = it->second.controller->apps();
    const auto app = apps.find(image.app);
    if (app != apps.end()) {
      if (app->second.version == image.version) continue;  // already there
      op.command = Command::app_upgrade;
      op.strategy = app->second.replicas > 1 ? RollingStrategy{1, 0} : RollingStrategy{0, 1};
    }
    if (!operate(op)) {
      it->second.rollout_switched.insert(image.app);
      persist(it->second, true);
    }
  }
}

}  // namespace edgetwin::fw
