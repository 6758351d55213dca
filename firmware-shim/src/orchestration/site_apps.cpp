#include "edgetwin/firmware/orchestration/site_apps.hpp"

#include <algorithm>

#include "edgetwin/firmware/orchestration/qos.hpp"

namespace edgetwin::fw {

std::unique_ptr<DesiredStateController> make_site_controller(const AppCatalog& catalog,
                                                             const SiteApps& site,
                                                             ScoringPolicy policy) {
  auto controller = std::make_unique<DesiredStateController>(catalog, site.nodes, policy);
  auto order = site.deployed;
  auto rank = [&](const std::pair<std::string, std::string>& app) {
    const AppVersion* v = catalog.find(app.first, app.second);
    return v ? priority_rank(v->spec.priority) : 0;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const auto& a, const auto& b) { return rank(a) > rank(b); });
  for (const auto& [app, version] : order) controller->deploy(app, version);
  return controller;
}

SiteDesiredState site_desired_state(const DesiredStateController& controller,
                                    const SiteApps& site) {
  SiteDesiredState out;
  out.site = site.name;
  out.generation = controller.generation();
  for (const auto& node : site.nodes)
    out.nodes.emplace_back(node.name, controller.box_state(node.name).containers);
  return out;
}

}  // namespace edgetwin::fw
