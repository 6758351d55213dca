#pragma once
// The run result's `monitoring` (docs/formats-extensions.md): the console's monitoring views
// over the run. The app table is the cloud's (AlertEngine::apps(), from the boxes' condition
// reports: what the console shows, late or stale when a box is unreachable), with each app's
// type, sign-on address and ports from the catalog; the host table is the cloud's
// (AlertEngine::hosts()); per-container CPU and memory use is each box's runtime, shared as
// box_resources shares it (fw::share_cpu). Sampled every kIntervalS from t=0; a row is written
// only when it changed, so 800 boxes stay small.
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "edgetwin/firmware/alerts/alert_engine.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/resources.hpp"
#include "edgetwin/model/fleet.hpp"

namespace edgetwin::sim {

class MonitoringViews {
 public:
  static constexpr double kIntervalS = 600;
  static constexpr std::size_t kRowsMax = 200'000;  // series points kept; beyond: truncated

  // `site_vips`: each site's service VIP, the apps' sign-on address.
  MonitoringViews(const model::Fleet& fleet, std::map<std::string, std::string> site_vips);

  void sample_apps(double t, const std::vector<fw::AppRow>& apps);
  void sample_hosts(double t, const std::vector<fw::HostRow>& hosts);
  void sample_containers(double t, const std::string& box,
                         const std::vector<fw::ContainerStatus>& containers);
  nlohmann::ordered_json to_json() const;

 private:
  using Point = std::vector<nlohmann::ordered_json>;  // t first, then the row's values
  // Appends `point` to `series` unless its values (all but t) equal the last point's.
  void append(std::vector<Point>& series, Point point);

  const model::Fleet& fleet_;
  std::map<std::string, std::string> site_vips_;
  std::map<std::string, fw::Resources> capacity_;
  std::map<std::pair<std::string, std::string>, std::vector<Point>> apps_;  // (site, app)
  std::map<std::string, std::vector<Point>> hosts_;                         // box
  std::map<std::string, std::vector<Point>> containers_;                    // "box/container"
  std::map<std::string, std::vector<std::string>> running_on_;              // box -> keys seen
  std::size_t rows_ = 0;
  bool truncated_ = false;
};

}  // namespace edgetwin::sim
