#include "edgetwin/gui/scenario_document.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include "edgetwin/model/fleet_io.hpp"
#include "edgetwin/model/scenario.hpp"

namespace edgetwin::gui {
namespace {

bool looks_like_fleet(const QString& path, const QString& text) {
  if (text.contains("\"edgetwin.fleet/")) return true;
  if (text.contains("\"edgetwin.scenario/")) return false;
  return path.endsWith(".fleet.json");
}

model::Diagnostic file_error(const QString& path, const QString& message) {
  return {path.toStdString(), 0, 0, message.toStdString(), ""};
}

}  // namespace

ScenarioDocument ScenarioDocument::open(const QString& path) {
  ScenarioDocument d;
  d.path_ = path;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    d.errors_.push_back(file_error(path, "cannot read: " + file.errorString()));
    return d;
  }
  d.text_ = QString::fromUtf8(file.readAll());
  const std::string text = d.text_.toStdString();
  if (looks_like_fleet(path, d.text_)) {
    auto parsed = model::parse_fleet(text, path.toStdString());
    d.errors_ = parsed.errors;
    if (!parsed.ok()) return d;
    ScenarioDocument fresh = forFleet(QFileInfo(path).absoluteFilePath(), *parsed.value);
    fresh.path_ = path;
    fresh.text_ = d.text_;
    return fresh;
  }
  d.is_scenario_ = true;
  auto parsed = model::parse_scenario(text, path.toStdString());
  d.errors_ = parsed.errors;
  if (!parsed.ok()) return d;
  d.fleet_ = parsed.value->fleet;
  d.doc_ = Json::parse(text);  // valid: parse_scenario accepted it
  if (d.doc_["fleet"].is_string())
    d.fleet_path_ = QFileInfo(QFileInfo(path).dir(), QString::fromStdString(d.doc_["fleet"]))
                        .absoluteFilePath();
  return d;
}

ScenarioDocument ScenarioDocument::forFleet(const QString& fleet_path, const model::Fleet& fleet) {
  ScenarioDocument d;
  d.fleet_ = fleet;
  d.fleet_path_ = QFileInfo(fleet_path).absoluteFilePath();
  d.doc_ = Json{{"format", "edgetwin.scenario/v1"},
                {"name", fleet.name + "-plan"},
                {"fleet", QFileInfo(fleet_path).fileName().toStdString()},
                {"seed", 1},
                {"duration_s", 3600},
                {"start", "running"},
                {"faults", Json::array()},
                {"expect", Json::array()}};
  return d;
}

std::optional<RolloutPlan> ScenarioDocument::rollout() const {
  if (!doc_.contains("rollout") || !doc_["rollout"].is_object()) return std::nullopt;
  const Json& r = doc_["rollout"];
  RolloutPlan p;
  p.system = r.value("system", "");
  p.at_s = r.value("at_s", 0.0);
  // Absent fields mean the model's defaults, so the form shows what a run would do.
  const model::RolloutSpec defaults;
  p.canary_sites = r.value("canary_sites", defaults.canary_sites);
  p.wave_sites = r.value("wave_sites", defaults.wave_sites);
  p.max_parallel_downloads = r.value("max_parallel_downloads", defaults.max_parallel_downloads);
  p.pause_if_failed_sites = r.value("pause_if_failed_sites", defaults.pause_if_failed_sites);
  if (r.contains("apps") && r["apps"].is_object() && !r["apps"].empty()) {
    p.upgrade_app = r["apps"].begin().key();
    p.upgrade_version = r["apps"].begin().value().value("version", "");
  }
  return p;
}

void ScenarioDocument::setRollout(const std::optional<RolloutPlan>& plan) {
  if (!plan) {
    doc_.erase("rollout");
    return;
  }
  // The form edits some fields of the rollout; whatever else the file says (other apps'
  // overrides, their image sizes, site_timeout_s, extensions) must survive a save.
  Json r = doc_.contains("rollout") && doc_["rollout"].is_object() ? doc_["rollout"] : Json::object();
  r["system"] = plan->system;
  r["at_s"] = plan->at_s;
  r["canary_sites"] = plan->canary_sites;
  r["wave_sites"] = plan->wave_sites;
  r["max_parallel_downloads"] = plan->max_parallel_downloads;
  r["pause_if_failed_sites"] = plan->pause_if_failed_sites;
  if (!plan->upgrade_app.empty()) {
    if (!r.contains("apps") || !r["apps"].is_object()) r["apps"] = Json::object();
    r["apps"][plan->upgrade_app]["version"] = plan->upgrade_version;
  }
  doc_["rollout"] = r;
}

std::string ScenarioDocument::textFor(const QString& path) const {
  Json out = doc_;
  if (!fleet_path_.isEmpty())
    out["fleet"] = QFileInfo(path).absoluteDir().relativeFilePath(fleet_path_).toStdString();
  return out.dump(2) + "\n";
}

std::vector<model::Diagnostic> ScenarioDocument::save(const QString& path) {
  const std::string text = textFor(path);
  auto parsed = model::parse_scenario(text, path.toStdString());
  if (!parsed.ok()) return parsed.errors;
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) < 0 ||
      !file.commit())
    return {file_error(path, "cannot write: " + file.errorString())};
  path_ = path;
  text_ = QString::fromStdString(text);
  is_scenario_ = true;
  doc_ = Json::parse(text);
  return {};
}

}  // namespace edgetwin::gui
