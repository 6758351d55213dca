#include "edgetwin/sim/app_metrics.hpp"

#include <optional>
#include <set>
#include <string>

#include "edgetwin/sim/fault_injector.hpp"
#include "edgetwin/sim/initial_deployment.hpp"

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

// First event of `kind` about `container` in [from, until], optionally on another box.
std::optional<double> first_about(const std::vector<LoggedEvent>& events, std::string_view kind,
                                  const std::string& container, double from, double until) {
  for (const auto& e : events)
    if (e.kind == kind && e.t >= from && e.t <= until && e.line.value("container", "") == container)
      return e.t;
  return std::nullopt;
}

// A dead box's stateless replicas serve again once the surviving box adopted every one of
// them (stateful ones are the data-HA component's, not counted here).
std::optional<double> box_recovery(const RunFacts& f, const FaultWindow& w) {
  const model::Site* site = f.fleet.find_site(w.site);
  if (site == nullptr || site->boxes.size() < 2) return std::nullopt;
  const auto placement = initial_deployment(f.fleet, *site);
  auto it = placement.find(w.box);
  if (it == placement.end()) return std::nullopt;
  double last = w.start_s;
  for (const auto& spec : it->second) {
    if (!spec.stateless) continue;
    auto adopted = first_about(f.events, "service.adopt", spec.name, w.start_s, w.end_s);
    if (!adopted) return std::nullopt;
    last = std::max(last, *adopted);
  }
  return last - w.start_s;
}

// A crashed or hung container serves again when the firmware has restarted it.
std::optional<double> container_recovery(const RunFacts& f, const FaultWindow& w) {
  std::optional<double> last;
  for (const auto& e : f.events) {
    if (e.kind != "container.restart" || e.t < w.start_s || e.line.value("box", "") != w.box) continue;
    if (e.line.value("app", "") != w.app) continue;
    last = e.t - w.start_s;
    break;
  }
  return last;
}

}  // namespace

void add_app_metrics(const RunFacts& f, Json& m) {
  std::vector<std::pair<std::string, double>> recoveries;
  for (const auto& w : f.faults) {
    std::optional<double> r;
    if (takes_one_box_down(w.kind)) r = box_recovery(f, w);
    if (w.kind == "container-crash" || w.kind == "container-hang") r = container_recovery(f, w);
    if (r) recoveries.emplace_back(w.site, *r);
  }
  m["app_recovery_s"] = distribution(recoveries);
  int restarts = 0;
  for (const auto& e : f.events) restarts += e.kind == "container.restart";
  m["restarts"] = restarts;
}

}  // namespace edgetwin::sim
