#pragma once
// Run results and databases for the campaign tests, in this test process's own scratch folder.
#include <unistd.h>

#include <filesystem>
#include <string>

#include "edgetwin/campaign/campaign_db.hpp"

namespace edgetwin::campaign::test {

inline std::filesystem::path scratch(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("edgetwin-campaign-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

// A result as `edgetwin run --result` writes it: a per-event metric, a scalar, a per-site map,
// a time series, two assertions.
inline Json result(double failover_s, double lost_writes, bool passed) {
  return Json::parse(R"({"format": "edgetwin.result/v1", "passed": true, "wall_s": 0.5,
    "metrics": {
      "vip_failover_s": {"count": 2, "p50": 1, "p99": 2, "max": 2,
                         "by_site": {"s001": 2, "s002": 1}},
      "lost_writes": 0,
      "dual_master_s": 0.0, "dual_master_s_by_site": {"s001": 0.0},
      "unavailable_s": {"count": 0, "p50": null, "p99": null, "max": null, "by_site": {},
                        "by_app": {"mysql": 0.5}},
      "nodes_running": [[0, 0], [5, 4]]
    },
    "assertions": [
      {"expect": {"metric": "vip_failover_s", "max": 4}, "actual": 2, "passed": true},
      {"expect": {"metric": "lost_writes", "max": 0}, "actual": 0, "passed": true}
    ]})")
      .patch(Json::array({
          {{"op", "replace"}, {"path", "/metrics/vip_failover_s/max"}, {"value", failover_s}},
          {{"op", "replace"}, {"path", "/metrics/lost_writes"}, {"value", lost_writes}},
          {{"op", "replace"}, {"path", "/passed"}, {"value", passed}},
          {{"op", "replace"}, {"path", "/assertions/1/passed"}, {"value", passed}},
      }));
}

inline std::vector<PointRow> two_points() {
  return {{1, "p001", "/c/points/p001.scenario.json", {{"/rollout/wave_sites", 50}}, 0},
          {2, "p002", "/c/points/p002.scenario.json", {{"/rollout/wave_sites", 100}}, 1}};
}

}  // namespace edgetwin::campaign::test
