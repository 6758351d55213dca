#pragma once
// The parameter grid of `edgetwin sweep --set PATH=V1,V2,...`: the cross product of every
// --set, each point a complete scenario (fleet inlined) checked before anything runs.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edgetwin::cli {

using GridJson = nlohmann::ordered_json;

// A campaign is at most this many runs (points x seeds): docs/campaigns.md.
inline constexpr std::size_t kCampaignRunsMax = 100000;

struct GridAxis {
  std::string option;   // "--set /rollout/wave_sites=50,100", for messages
  std::string path;     // as written: "/rollout/wave_sites" or "fleet:/site_defaults/wan/mbps"
  std::string pointer;  // into the point file (fleet inlined): "/fleet/site_defaults/wan/mbps"
  std::vector<GridJson> values;
};

struct GridPoint {
  int index = 0;                                         // 1-based
  std::string name;                                      // "p001"
  std::vector<std::pair<std::string, GridJson>> params;  // path -> value, in --set order
  std::string text;                                      // the complete scenario file
  std::optional<int> n1_risk_sites;
};

// "PATH=V1,V2,...": each value JSON when it parses as JSON (50, 2.5, true, "x"), else a string.
std::optional<GridAxis> parse_set(const std::string& text, std::string& error);

// The points in order (the last --set varies fastest), written as `dir/points/pNNN...` would
// be but not written. Every error (file:line:column naming the --set) goes to stderr; nullopt
// then. With no --set there is one point: the scenario itself, fleet inlined.
std::optional<std::vector<GridPoint>> build_grid(const std::string& scenario_file,
                                                 const std::vector<GridAxis>& axes,
                                                 const std::string& points_dir);

std::string point_file(const std::string& points_dir, const GridPoint& point);

}  // namespace edgetwin::cli
