#pragma once
// The file the studio has open, and the scenario the planner edits. Opening never fails: a bad
// file yields its diagnostics (file, line, column, message) for the GUI to show in place. Saving
// validates through edgetwin::model first and writes nothing when the scenario is invalid.
#include <optional>
#include <string>
#include <vector>

#include <QString>
#include <nlohmann/json.hpp>

#include "edgetwin/model/diagnostic.hpp"
#include "edgetwin/model/fleet.hpp"
#include "edgetwin/model/scenario.hpp"

namespace edgetwin::gui {

struct RolloutPlan {
  std::string system;
  double at_s = 0;
  int canary_sites = 1;
  int wave_sites = 50;
  int max_parallel_downloads = 100;
  int pause_if_failed_sites = 1;  // model::RolloutSpec's default
  std::string upgrade_app;      // "" = deploy the system as the fleet defines it
  std::string upgrade_version;  // the version `upgrade_app` is rolled out at
};

class ScenarioDocument {
 public:
  using Json = nlohmann::ordered_json;

  // Reads a fleet or scenario file (told apart by its "format", else its name).
  static ScenarioDocument open(const QString& path);
  // A new scenario for `fleet_path`: one hour, seed 1, no faults.
  static ScenarioDocument forFleet(const QString& fleet_path, const model::Fleet& fleet);

  bool ok() const { return errors_.empty() && fleet_.has_value(); }
  bool isScenario() const { return is_scenario_; }
  const std::vector<model::Diagnostic>& errors() const { return errors_; }
  const QString& path() const { return path_; }        // the file opened or last saved
  const QString& sourceText() const { return text_; }  // as read, for showing errors in place
  const model::Fleet* fleet() const { return fleet_ ? &*fleet_ : nullptr; }
  QString fleetPath() const { return fleet_path_; }     // absolute; "" for an inline fleet

  const Json& json() const { return doc_; }
  double durationS() const { return doc_.value("duration_s", 3600.0); }
  void setName(const std::string& name) { doc_["name"] = name; }
  void setDurationS(double s) { doc_["duration_s"] = s; }
  void setSeed(std::uint64_t seed) { doc_["seed"] = seed; }
  std::optional<RolloutPlan> rollout() const;
  void setRollout(const std::optional<RolloutPlan>& plan);
  Json faults() const { return doc_.value("faults", Json::array()); }
  void setFaults(const Json& faults) { doc_["faults"] = faults; }
  // Any other top-level field (start, workloads, operations, grants, expect, ...); null erases.
  void setField(const std::string& key, const Json& value) {
    if (value.is_null()) doc_.erase(key);
    else doc_[key] = value;
  }

  // The whole scenario replaced (the planner's undo and redo put back an earlier state).
  void setJson(const Json& doc) { doc_ = doc; }

  // The scenario as it would be saved at `path` (fleet path made relative to it).
  std::string textFor(const QString& path) const;
  // Validates, then writes atomically; the diagnostics (nothing written) when invalid.
  std::vector<model::Diagnostic> save(const QString& path);

 private:
  QString path_;
  QString text_;
  bool is_scenario_ = false;
  Json doc_ = Json::object();
  std::optional<model::Fleet> fleet_;
  QString fleet_path_;
  std::vector<model::Diagnostic> errors_;
};

}  // namespace edgetwin::gui
