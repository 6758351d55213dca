#pragma once
// A finished run's monitoring views for the site detail (docs/studio.md "Site detail"): the
// console's app and host tables as the run ended, each container's use, and each box's use
// over the day with its peak hour, read from the run result's `monitoring` and
// `box_resources` (docs/formats-extensions.md). Qt Core only: tested without widgets.
#include <QString>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "edgetwin/model/fleet.hpp"
#include "edgetwin/model/load_profile.hpp"

namespace edgetwin::gui {

// One box's day as fractions of its capacity, hour 0-23.
struct BoxDayShares {
  std::array<double, model::kHoursPerDay> cpu{};
  std::array<double, model::kHoursPerDay> memory{};
  int peak_hour = 0;
};

class SiteMonitoring {
 public:
  // Reads the result file; false (and nothing kept) when it is not a run result.
  bool load(const QString& result_path);
  void clear() { result_ = nlohmann::json(); }
  bool loaded() const { return result_.is_object(); }

  // The console's app table for the site as the run ended: app, type, status, replicas
  // ready / reported, sign-on address, ports.
  QString appsHtml(const std::string& site) const;
  // The host table for the site's boxes as the run ended, with each running container's use.
  QString hostsHtml(const model::Site& site) const;
  // The box's day from the result (the containers placed on it when the run ended).
  std::optional<BoxDayShares> day(const std::string& box) const;

 private:
  nlohmann::json result_;
};

}  // namespace edgetwin::gui
