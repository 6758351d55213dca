// What the cloud persists of a site's desired state (docs/orchestration.md, "What the cloud
// persists"): every app's target, previous version and rolling progress, every replica with its
// node, and the generation. A cloud restarted from it publishes the generation the boxes already
// hold, so they keep running what they run; without it, a restarted cloud would start from the
// fleet's versions at generation 1, below what every box holds, and could not change a site
// again.
#include "edgetwin/firmware/orchestration/desired_state.hpp"
#include "edgetwin/firmware/orchestration/desired_state_controller.hpp"

namespace edgetwin::fw {
namespace {

using Json = nlohmann::json;

bool is_int(const Json& j, const char* key) {
  return j.contains(key) && j[key].is_number_integer();
}

bool is_text(const Json& j, const char* key) { return j.contains(key) && j[key].is_string(); }

std::optional<AppStatus> app_from_json(const Json& j) {
  if (!j.is_object() || !is_text(j, "app") || !is_text(j, "version") || !is_int(j, "replicas") ||
      !is_int(j, "max_unavailable") || !is_int(j, "max_surge") || !is_int(j, "next_index") ||
      !j.contains("upgrading") || !j["upgrading"].is_boolean() || !j.contains("previous_version"))
    return std::nullopt;
  AppStatus a;
  a.app = j["app"].get<std::string>();
  a.version = j["version"].get<std::string>();
  if (j["previous_version"].is_string())
    a.previous_version = j["previous_version"].get<std::string>();
  a.replicas = j["replicas"].get<int>();
  a.strategy = {j["max_unavailable"].get<int>(), j["max_surge"].get<int>()};
  a.upgrading = j["upgrading"].get<bool>();
  a.next_index = j["next_index"].get<int>();
  if (a.replicas < 0 || a.replicas > DesiredStateController::kReplicasMax || a.next_index < 0)
    return std::nullopt;
  return a;
}

}  // namespace

Json DesiredStateController::save() const {
  Json apps = Json::array();
  for (const auto& [name, a] : apps_)
    apps.push_back(
        {{"app", a.app},
         {"version", a.version},
         {"previous_version", a.previous_version ? Json(*a.previous_version) : Json(nullptr)},
         {"replicas", a.replicas},
         {"max_unavailable", a.strategy.max_unavailable},
         {"max_surge", a.strategy.max_surge},
         {"upgrading", a.upgrading},
         {"next_index", a.next_index}});
  Json replicas = Json::array();
  for (const auto& [name, r] : replicas_)
    replicas.push_back({{"version", r.version}, {"node", r.node}, {"spec", to_json(r.spec)}});
  return {
      {"generation", generation_}, {"apps", std::move(apps)}, {"replicas", std::move(replicas)}};
}

// All or nothing: a record that names an unknown version or node, or does not fit, changes
// nothing. Readiness is not kept: the boxes' next reports say it again.
bool DesiredStateController::restore(const Json& record) {
  if (!record.is_object() || !record.contains("generation") ||
      !record["generation"].is_number_unsigned() || !record.contains("apps") ||
      !record["apps"].is_array() || record["apps"].size() > kAppsMax ||
      !record.contains("replicas") || !record["replicas"].is_array())
    return false;
  std::map<std::string, AppStatus> apps;
  for (const Json& j : record["apps"]) {
    auto a = app_from_json(j);
    if (!a || !catalog_.find(a->app, a->version)) return false;
    apps[a->app] = std::move(*a);
  }
  Scheduler scheduler = scheduler_;
  std::map<std::string, ReplicaRecord> replicas;
  for (const Json& j : record["replicas"]) {
    if (!j.is_object() || !is_text(j, "version") || !is_text(j, "node") || !j.contains("spec"))
      return false;
    const auto spec = container_from_json(j["spec"]);
    if (!spec || !apps.contains(spec->app) || replicas.contains(spec->name)) return false;
    const std::string version = j["version"].get<std::string>();
    const AppVersion* entry = catalog_.find(spec->app, version);
    if (!entry) return false;
    const std::string node = j["node"].get<std::string>();
    if (!scheduler.bind({*spec, entry->host_ports, spec->app}, node)) return false;
    replicas[spec->name] = {spec->app, version, node, *spec, false};
  }
  apps_ = std::move(apps);
  replicas_ = std::move(replicas);
  scheduler_ = std::move(scheduler);
  generation_ = record["generation"].get<std::uint64_t>();
  return true;
}

}  // namespace edgetwin::fw
