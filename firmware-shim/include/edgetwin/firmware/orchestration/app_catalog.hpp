#pragma once
// Versioned apps and business systems (FORMATS.md `apps` and `systems`), as the cloud's app
// catalog holds them: each (app, version) has its image, default replica count, per-container
// requests and limits, host ports and priority. A system version names one version of each of
// its apps. Versions order numerically by dotted parts ("1.10" > "1.9").
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/result.hpp"

namespace edgetwin::fw {

struct AppVersion {
  std::string app;
  std::string version;
  double image_mib = 0;
  int replicas = 1;    // per site, the default
  ContainerSpec spec;  // resources, priority, stateless; name/app are filled per replica
  std::vector<int> host_ports;
};

struct SystemVersion {
  std::string name;
  std::string version;
  std::vector<std::pair<std::string, std::string>> apps;  // app -> version
};

// <0, 0, >0 like strcmp; numeric parts compare as numbers, others as text.
int compare_versions(std::string_view a, std::string_view b);

class AppCatalog {
 public:
  static constexpr std::size_t kVersionsPerAppMax = 64;
  static constexpr std::size_t kAppsMax = 1024;

  Result<bool, std::string> add(AppVersion app);
  Result<bool, std::string> add_system(SystemVersion system);

  const AppVersion* find(const std::string& app, const std::string& version) const;
  std::vector<std::string> versions(const std::string& app) const;  // oldest first
  const SystemVersion* system(const std::string& name, const std::string& version) const;

 private:
  struct VersionLess {
    bool operator()(const std::string& a, const std::string& b) const {
      return compare_versions(a, b) < 0;
    }
  };
  std::map<std::string, std::map<std::string, AppVersion, VersionLess>> apps_;
  std::map<std::string, std::map<std::string, SystemVersion, VersionLess>> systems_;
};

}  // namespace edgetwin::fw
