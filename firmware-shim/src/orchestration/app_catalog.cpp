#include "edgetwin/firmware/orchestration/app_catalog.hpp"

#include <charconv>

namespace edgetwin::fw {
namespace {

std::string_view next_part(std::string_view& rest) {
  const auto dot = rest.find('.');
  const auto part = rest.substr(0, dot);
  rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  return part;
}

bool numeric(std::string_view s, unsigned long long& value) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
  while (!a.empty() || !b.empty()) {
    const auto pa = next_part(a);
    const auto pb = next_part(b);
    unsigned long long na = 0;
    unsigned long long nb = 0;
    if (numeric(pa, na) && numeric(pb, nb)) {
      if (na != nb) return na < nb ? -1 : 1;
    } else if (const int c = pa.compare(pb); c != 0) {
      return c < 0 ? -1 : 1;
    }
  }
  return 0;
}

Result<bool, std::string> AppCatalog::add(AppVersion app) {
  using R = Result<bool, std::string>;
  if (app.app.empty() || app.version.empty()) return R::failure("an app needs a name and version");
  if (app.replicas < 0) return R::failure(app.app + ": replicas must be >= 0");
  if (!apps_.contains(app.app) && apps_.size() >= kAppsMax) return R::failure("too many apps");
  auto& versions = apps_[app.app];
  if (versions.contains(app.version))
    return R::failure(app.app + " " + app.version + " is already in the catalog");
  if (versions.size() >= kVersionsPerAppMax)
    return R::failure(app.app + " has the most versions; remove old ones first");
  app.spec.app = app.app;
  versions.emplace(app.version, std::move(app));
  return true;
}

Result<bool, std::string> AppCatalog::add_system(SystemVersion system) {
  using R = Result<bool, std::string>;
  for (const auto& [app, version] : system.apps)
    if (!find(app, version))
      return R::failure("system " + system.name + " " + system.version + ": no app " + app + " " +
                        version + " in the catalog");
  auto& versions = systems_[system.name];
  if (versions.contains(system.version))
    return R::failure("system " + system.name + " " + system.version + " exists");
  if (versions.size() >= kVersionsPerAppMax) return R::failure("too many system versions");
  versions.emplace(system.version, std::move(system));
  return true;
}

const AppVersion* AppCatalog::find(const std::string& app, const std::string& version) const {
  const auto a = apps_.find(app);
  if (a == apps_.end()) return nullptr;
  const auto v = a->second.find(version);
  return v == a->second.end() ? nullptr : &v->second;
}

std::vector<std::string> AppCatalog::versions(const std::string& app) const {
  std::vector<std::string> out;
  const auto a = apps_.find(app);
  if (a == apps_.end()) return out;
  for (const auto& [version, entry] : a->second) out.push_back(version);
  return out;
}

const SystemVersion* AppCatalog::system(const std::string& name, const std::string& version) const {
  const auto s = systems_.find(name);
  if (s == systems_.end()) return nullptr;
  const auto v = s->second.find(version);
  return v == s->second.end() ? nullptr : &v->second;
}

}  // namespace edgetwin::fw
