#include "edgetwin/campaign/result_rows.hpp"

#include <string_view>

namespace edgetwin::campaign {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kBySite = "_by_site";

void add_keyed(std::vector<MetricRow>& rows, const std::string& metric, const Json& by, bool site) {
  if (!by.is_object()) return;
  for (const auto& [key, value] : by.items()) {
    if (!value.is_number()) continue;
    MetricRow row{metric, std::nullopt, std::nullopt, value.get<double>()};
    (site ? row.site : row.app) = key;
    rows.push_back(std::move(row));
  }
}

bool is_summary(const Json& value) { return value.is_object() && value.contains("max"); }

}  // namespace

std::vector<MetricRow> metric_rows(const Json& metrics) {
  std::vector<MetricRow> rows;
  if (!metrics.is_object()) return rows;
  for (const auto& [name, value] : metrics.items()) {
    if (value.is_number() && !value.is_boolean()) {
      rows.push_back({name, std::nullopt, std::nullopt, value.get<double>()});
    } else if (is_summary(value)) {
      if (value["max"].is_number())
        rows.push_back({name, std::nullopt, std::nullopt, value["max"].get<double>()});
      if (value.contains("by_site")) add_keyed(rows, name, value["by_site"], true);
      if (value.contains("by_app")) add_keyed(rows, name, value["by_app"], false);
    } else if (name.size() > kBySite.size() && name.ends_with(kBySite)) {
      add_keyed(rows, name.substr(0, name.size() - kBySite.size()), value, true);
    }
  }
  return rows;
}

}  // namespace edgetwin::campaign
