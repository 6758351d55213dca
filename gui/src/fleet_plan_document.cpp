#include "edgetwin/gui/fleet_plan_document.hpp"

#include <algorithm>
#include <iterator>

#include <QFile>
#include <QSaveFile>

#include "edgetwin/model/fleet_io.hpp"

namespace edgetwin::gui {
namespace {

model::Diagnostic file_error(const QString& path, const QString& message) {
  return {path.toStdString(), 0, 0, message.toStdString(), ""};
}

}  // namespace

QString short_message(const model::Diagnostic& d) {
  QString s = QString::fromStdString(d.message);
  if (!d.pointer.empty()) s += QString(" (at %1)").arg(QString::fromStdString(d.pointer));
  return s;
}

FleetPlanDocument FleetPlanDocument::open(const QString& path) {
  FleetPlanDocument d;
  d.path_ = path;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    d.errors_.push_back(file_error(path, "cannot read: " + file.errorString()));
    return d;
  }
  const QByteArray bytes = file.readAll();
  d.errors_ = d.setText(std::string(bytes.constData(), static_cast<std::size_t>(bytes.size())));
  if (!d.errors_.empty())
    d.text_ = std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
  return d;
}

std::vector<model::Diagnostic> FleetPlanDocument::check(const std::string& text) const {
  return parse(text).errors;
}

model::Parsed<model::Fleet> FleetPlanDocument::parse(const std::string& text) const {
  return model::parse_fleet(text, path_.toStdString());
}

std::vector<model::Diagnostic> FleetPlanDocument::setText(const std::string& text) {
  auto parsed = parse(text);
  if (!parsed.ok()) return parsed.errors;
  adopt(text, std::move(*parsed.value));
  return {};
}

void FleetPlanDocument::adopt(const std::string& text, model::Fleet fleet) {
  text_ = text;
  doc_ = Json::parse(text);  // valid: parse_fleet accepted it
  fleet_ = std::move(fleet);
  capacity_ = reports::compute_capacity(*fleet_);
  errors_.clear();
}

std::string FleetPlanDocument::edited(const std::function<void(Json&)>& edit) const {
  Json doc = doc_;
  edit(doc);
  return doc.dump(2) + "\n";
}

std::vector<model::Diagnostic> FleetPlanDocument::save(const QString& path) {
  auto errors = model::parse_fleet(text_, path.toStdString()).errors;
  if (!ok() || !errors.empty()) return errors.empty() ? errors_ : errors;
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) ||
      file.write(text_.data(), static_cast<qint64>(text_.size())) < 0 || !file.commit())
    return {file_error(path, "cannot write: " + file.errorString())};
  path_ = path;
  return {};
}

void FleetPlanDocument::setSiteField(Json& doc, const std::string& site, const std::string& pointer,
                                     const Json& value) {
  if (!doc.contains("sites") || !doc["sites"].is_array()) doc["sites"] = Json::array();
  Json& sites = doc["sites"];
  auto entry = std::find_if(sites.begin(), sites.end(), [&](const Json& s) {
    return s.is_object() && s.value("name", "") == site;
  });
  if (entry == sites.end()) {
    // A generated site gets its own entry; the generator skips names already listed, so the
    // site keeps every default it had and takes the new value.
    sites.push_back(Json{{"name", site}});
    entry = std::prev(sites.end());
  }
  (*entry)[Json::json_pointer(pointer)] = value;
}

FleetPlanDocument::Json FleetPlanDocument::edgeBoxHardware() {
  return Json{{"cpus", 40}, {"memory_gib", 256}, {"ssd_gib", 480}, {"hdd_tib", 24}, {"gpus", 1}};
}

}  // namespace edgetwin::gui
