#include "edgetwin/sim/metrics/generic_node_metrics.hpp"

#include <map>
#include <set>
#include <string>

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

// Appends (t, value), replacing a point of the same instant: one value per time.
void append(Json& series, double t, double value) {
  if (series.back()[0].get<double>() == t) series.erase(series.size() - 1);
  series.push_back(Json::array({t, value}));
}

std::set<std::string> generic_names(const model::Fleet& fleet) {
  std::set<std::string> out;
  for (const auto& site : fleet.sites)
    for (const auto& node : site.generic_nodes) out.insert(site.name + "/" + node.name);
  return out;
}

std::string node_of(const Json& line) {
  return line.value("site", std::string()) + "/" + line.value("box", std::string());
}

}  // namespace

void add_generic_node_metrics(const RunFacts& f, Json& m) {
  const std::set<std::string> generic = generic_names(f.fleet);
  Json joined = Json::array({Json::array({0.0, 0})});
  Json ready_series = Json::array({Json::array({0.0, 0})});
  std::map<std::string, std::set<std::string>> ready;  // site/node -> its ready containers
  auto ready_count = [&] {
    std::size_t n = 0;
    for (const auto& [node, names] : ready) n += names.size();
    return static_cast<double>(n);
  };
  double evicted = 0;
  Json evicted_by_site = Json::object();
  int joins = 0;
  for (const auto& e : f.events) {
    if (e.kind == "node.joined") {
      append(joined, e.t, ++joins);
    } else if (e.kind == "node.evicted") {
      const double n = static_cast<double>(e.line.value("replicas", Json::array()).size());
      evicted += n;
      const std::string site = e.line.value("site", std::string());
      evicted_by_site[site] = evicted_by_site.value(site, 0.0) + n;
    } else if (e.kind == "container.ready" && generic.contains(node_of(e.line))) {
      auto& names = ready[node_of(e.line)];
      const std::string container = e.line.value("container", std::string());
      if (e.line.value("ready", false))
        names.insert(container);
      else
        names.erase(container);
      append(ready_series, e.t, ready_count());
    } else if (e.kind == "reconcile.stop" && generic.contains(node_of(e.line))) {
      ready[node_of(e.line)].erase(e.line.value("container", std::string()));  // no longer wanted
      append(ready_series, e.t, ready_count());
    } else if (e.kind == "fault.start" && ready.contains(e.line.value("target", std::string()))) {
      ready.erase(e.line.value("target", std::string()));  // powered off: nothing runs there
      append(ready_series, e.t, ready_count());
    }
  }
  m["generic_nodes_joined"] = std::move(joined);
  m["generic_replicas_ready"] = std::move(ready_series);
  m["generic_evicted_replicas"] = evicted;
  m["generic_evicted_replicas_by_site"] = std::move(evicted_by_site);
}

}  // namespace edgetwin::sim
