#include "edgetwin/gui/site_monitoring.hpp"

#include <QFile>

namespace edgetwin::gui {
namespace {

using Json = nlohmann::json;

QString text(const Json& v) {
  if (v.is_string()) return QString::fromStdString(v.get<std::string>()).toHtmlEscaped();
  if (v.is_null()) return "-";
  return QString::fromStdString(v.dump()).toHtmlEscaped();
}

// A member by reference (value() would copy, and pointers into a copy dangle); null if absent.
const Json& member(const Json& object, const std::string& key) {
  static const Json kNull;
  if (!object.is_object()) return kNull;
  const auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

// The last point of a series (each a [t, ...] array), or null.
const Json* last_point(const Json& series) {
  return series.is_array() && !series.empty() ? &series.back() : nullptr;
}

QString status_cell(const QString& status) {
  const bool bad = status != "serving" && status != "running";
  return bad ? "<b style='color:#b71c1c'>" + status + "</b>" : status;
}

}  // namespace

bool SiteMonitoring::load(const QString& result_path) {
  clear();
  QFile file(result_path);
  if (!file.open(QIODevice::ReadOnly)) return false;
  Json parsed = Json::parse(file.readAll().toStdString(), nullptr, false);
  if (!parsed.is_object() || !parsed.contains("monitoring")) return false;
  result_ = std::move(parsed);
  return true;
}

QString SiteMonitoring::appsHtml(const std::string& site) const {
  if (!loaded()) return {};
  QString html =
      "<h3>App monitoring (as the run ended)</h3><table cellspacing='4'><tr>"
      "<th align='left'>app</th><th align='left'>type</th><th align='left'>status</th>"
      "<th align='left'>ready / replicas</th><th align='left'>address</th>"
      "<th align='left'>ports</th></tr>";
  const Json& apps = member(member(result_, "monitoring"), "apps");
  if (!apps.is_array()) return html + "</table>";
  for (const auto& row : apps) {
    if (row.value("site", "") != site) continue;
    const Json* last = last_point(member(row, "series"));
    const QString status = last ? text((*last)[1]) : "-";
    html +=
        QString("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4 / %5</td><td>%6</td><td>%7</td></tr>")
            .arg(text(member(row, "app")), text(row.value("type", Json())), status_cell(status),
                 last ? text((*last)[3]) : "-", last ? text((*last)[2]) : "-",
                 text(row.value("address", Json())), text(row.value("ports", Json::array())));
  }
  return html + "</table>";
}

QString SiteMonitoring::hostsHtml(const model::Site& site) const {
  if (!loaded()) return {};
  const Json& m = member(result_, "monitoring");
  const Json& hosts = member(m, "hosts");
  const Json& all_containers = member(m, "containers");
  QString html =
      "<h3>Host monitoring (as the run ended)</h3><table cellspacing='4'><tr>"
      "<th align='left'>box</th><th align='left'>status</th><th align='left'>containers</th>"
      "<th align='left'>CPU requests</th><th align='left'>memory requests (MiB)</th></tr>";
  QString containers;
  for (const auto& box : site.boxes) {
    const Json* last = last_point(member(hosts, box.name));
    html += QString("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>")
                .arg(QString::fromStdString(box.name), last ? status_cell(text((*last)[1])) : "-",
                     last ? text((*last)[2]) : "-", last ? text((*last)[3]) : "-",
                     last ? text((*last)[4]) : "-");
    if (!all_containers.is_object()) continue;
    for (const auto& [key, series] : all_containers.items()) {
      if (key.rfind(box.name + "/", 0) != 0) continue;
      const Json* use = last_point(series);
      if (use == nullptr || ((*use)[1].get<double>() <= 0 && (*use)[2].get<double>() <= 0))
        continue;  // stopped, or its box is off: uses nothing
      containers +=
          QString("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
              .arg(QString::fromStdString(key).toHtmlEscaped(), text((*use)[1]), text((*use)[2]));
    }
  }
  html += "</table>";
  if (!containers.isEmpty())
    html +=
        "<p><b>Containers' use</b></p><table cellspacing='4'><tr><th align='left'>container</th>"
        "<th align='left'>CPU (cores)</th><th align='left'>memory (MiB)</th></tr>" +
        containers + "</table>";
  return html;
}

std::optional<BoxDayShares> SiteMonitoring::day(const std::string& box) const {
  if (!loaded()) return std::nullopt;
  const Json& day = member(member(result_, "box_resources"), "day");
  const Json& entry = member(member(day, "boxes"), box);
  if (!entry.is_object()) return std::nullopt;
  const auto index = entry.value("profile", std::size_t{0});
  const Json& profiles = member(day, "profiles");
  if (!profiles.is_array() || index >= profiles.size() ||
      profiles[index].size() != model::kHoursPerDay)
    return std::nullopt;
  BoxDayShares out;
  for (std::size_t h = 0; h < out.cpu.size(); ++h) {
    out.cpu[h] = profiles[index][h].at(0).get<double>();
    out.memory[h] = profiles[index][h].at(1).get<double>();
  }
  out.peak_hour = entry.value("peak_hour", 0);
  return out;
}

}  // namespace edgetwin::gui
