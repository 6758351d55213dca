#include "sweep_grid.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "edgetwin/model/scenario.hpp"
#include "edgetwin/reports/capacity.hpp"

namespace edgetwin::cli {
namespace {

namespace fs = std::filesystem;
using Json = GridJson;

constexpr const char* kFleetPrefix = "fleet:";

std::vector<std::string> split_values(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto comma = list.find(',', start);
    out.push_back(list.substr(start, comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

std::optional<Json> read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  Json doc = Json::parse(in, nullptr, false, true);
  if (doc.is_discarded()) return std::nullopt;
  return doc;
}

// The scenario with its fleet inlined, so that a point file stands alone (and can be moved to
// the shared path a cluster sees). The scenario was checked before, so both files parse.
std::optional<Json> inlined_scenario(const std::string& scenario_file) {
  auto doc = read_json(scenario_file);
  if (!doc || !doc->is_object()) return std::nullopt;
  if ((*doc)["fleet"].is_string()) {
    const auto fleet_path =
        fs::path(scenario_file).parent_path() / (*doc)["fleet"].get<std::string>();
    auto fleet = read_json(fleet_path.lexically_normal());
    if (!fleet) return std::nullopt;
    (*doc)["fleet"] = std::move(*fleet);
  }
  return doc;
}

// The point's --set options that its error is about (all of them when none matches).
std::string options_of(const std::vector<const GridAxis*>& axes, const std::string& pointer) {
  std::string named;
  for (const auto* axis : axes)
    if (pointer.starts_with(axis->pointer) || axis->pointer.starts_with(pointer + "/"))
      named += (named.empty() ? "" : "; ") + axis->option;
  if (!named.empty()) return named;
  for (const auto* axis : axes) named += (named.empty() ? "" : "; ") + axis->option;
  return named;
}

// Sets one value; false (and why) when the pointer leads nowhere in the scenario.
bool apply(Json& doc, const GridAxis& axis, const Json& value, std::string& error) {
  const Json::json_pointer ptr(axis.pointer);
  const auto parent = ptr.parent_pointer();
  if (!doc.contains(parent) || !(doc.at(parent).is_object() || doc.at(parent).is_array())) {
    error = axis.option + ": " + (parent.to_string().empty() ? "/" : parent.to_string()) +
            " is not an object or array in the scenario" +
            (axis.path.starts_with(kFleetPrefix) ? "'s fleet" : "");
    return false;
  }
  if (doc.at(parent).is_array() && !doc.contains(ptr)) {
    error = axis.option + ": " + axis.pointer + " is not an element of the array";
    return false;
  }
  doc[ptr] = value;
  return true;
}

std::string point_name(int index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "p%03d", index);
  return buf;
}

// Checks one point as `edgetwin run` would; prints its errors naming the --set options.
bool check_point(GridPoint& point, const std::string& file,
                 const std::vector<const GridAxis*>& axes) {
  const auto parsed = model::parse_scenario(point.text, file);
  if (parsed.ok()) {
    point.n1_risk_sites = reports::compute_capacity(parsed.value->fleet).n1_risk_sites();
    return true;
  }
  for (const auto& e : parsed.errors) {
    std::cerr << e.to_string();
    if (!axes.empty())
      std::cerr << " [point " << point.name << ", made by " << options_of(axes, e.pointer) << "]";
    std::cerr << "\n";
  }
  return false;
}

}  // namespace

std::optional<GridAxis> parse_set(const std::string& text, std::string& error) {
  const auto eq = text.find('=');
  GridAxis axis;
  axis.option = "--set " + text;
  axis.path = text.substr(0, eq);
  std::string pointer = axis.path;
  const bool fleet = pointer.starts_with(kFleetPrefix);
  if (fleet) pointer = pointer.substr(std::string(kFleetPrefix).size());
  if (eq == std::string::npos || eq + 1 == text.size() || pointer.empty() || pointer[0] != '/') {
    error = axis.option +
            ": expected PATH=V1,V2,... with PATH a JSON pointer such as "
            "/rollout/wave_sites or fleet:/site_defaults/wan/mbps";
    return std::nullopt;
  }
  try {
    axis.pointer = Json::json_pointer((fleet ? "/fleet" : "") + pointer).to_string();
  } catch (const std::exception& e) {
    error = axis.option + ": not a JSON pointer: " + e.what();
    return std::nullopt;
  }
  for (const auto& word : split_values(text.substr(eq + 1))) {
    Json value = Json::parse(word, nullptr, false);
    axis.values.push_back(value.is_discarded() ? Json(word) : std::move(value));
  }
  return axis;
}

std::string point_file(const std::string& points_dir, const GridPoint& point) {
  return (fs::path(points_dir) / (point.name + ".scenario.json")).string();
}

std::optional<std::vector<GridPoint>> build_grid(const std::string& scenario_file,
                                                 const std::vector<GridAxis>& axes,
                                                 const std::string& points_dir) {
  const auto base = inlined_scenario(scenario_file);
  if (!base) {
    std::cerr << "edgetwin: cannot read " << scenario_file << " or its fleet again\n";
    return std::nullopt;
  }
  std::size_t count = 1;
  for (const auto& axis : axes) count *= axis.values.size();
  std::vector<GridPoint> points;
  bool ok = true;
  std::vector<std::size_t> choice(axes.size(), 0);
  for (std::size_t n = 0; n < count; ++n) {
    GridPoint point;
    point.index = static_cast<int>(n + 1);
    point.name = point_name(point.index);
    Json doc = *base;
    std::vector<const GridAxis*> used;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      std::string error;
      const Json& value = axes[a].values[choice[a]];
      if (!apply(doc, axes[a], value, error)) {
        std::cerr << "edgetwin: " << error << "\n";
        return std::nullopt;  // the same for every point: once is enough
      }
      point.params.emplace_back(axes[a].path, value);
      used.push_back(&axes[a]);
    }
    point.text = doc.dump(2) + "\n";
    ok = check_point(point, point_file(points_dir, point), used) && ok;
    points.push_back(std::move(point));
    for (std::size_t a = axes.size(); a-- > 0;) {  // the last --set varies fastest
      if (++choice[a] < axes[a].values.size()) break;
      choice[a] = 0;
    }
  }
  if (!ok) return std::nullopt;
  return points;
}

}  // namespace edgetwin::cli
