#include "edgetwin/sim/metrics/app_metrics.hpp"

#include <optional>
#include <set>
#include <string>
#include <utility>

#include "edgetwin/sim/record/fault_window.hpp"
#include "edgetwin/sim/setup/initial_deployment.hpp"

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

// The stateless replicas `box` ran at `t`: the initial deployment, then what the reconciler
// started and stopped there (deploys, upgrades, scaling) before `t`.
std::set<std::string> stateless_on(const RunFacts& f, const model::Site& site,
                                   const std::string& box, double t) {
  std::set<std::string> out;
  auto initial = initial_deployment(f.fleet, site);  // named: a range-for would not keep it alive
  for (const auto& spec : initial[box])
    if (spec.stateless) out.insert(spec.name);
  for (const auto& e : f.events) {
    if (e.t >= t) break;
    if (e.line.value("box", "") != box) continue;
    const std::string container = e.line.value("container", "");
    if (e.kind == "reconcile.stop") out.erase(container);
    if (e.kind != "reconcile.start") continue;
    const auto app = f.fleet.apps.find(e.line.value("app", ""));
    if (app != f.fleet.apps.end() && app->second.data.empty()) out.insert(container);
  }
  return out;
}

// A dead box's stateless replicas serve again once the surviving box adopted every one of
// them (stateful ones are the data-HA component's, not counted here).
std::optional<double> box_recovery(const RunFacts& f, const FaultWindow& w) {
  const model::Site* site = f.fleet.find_site(w.site);
  if (site == nullptr || site->boxes.size() < 2) return std::nullopt;
  double last = w.start_s;
  for (const auto& container : stateless_on(f, *site, w.box, w.start_s)) {
    auto adopted = first_about(f.events, "service.adopt", container, w.start_s, w.end_s);
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

// The console's operations (app.op and console.op) and how long each site took to converge
// after them (app.converged).
void add_operation_metrics(const RunFacts& f, Json& m) {
  int accepted = 0, denied = 0, refused = 0;
  std::vector<std::pair<std::string, double>> converge;
  for (const auto& e : f.events) {
    if (e.kind == "app.converged")
      converge.emplace_back(e.line.value("site", ""), e.line.value("elapsed_s", 0.0));
    // The consoles' commands (console_operations.hpp) count with the app operations.
    if (e.kind != "app.op" && e.kind != "console.op") continue;
    const std::string outcome = e.line.value("outcome", "");
    accepted += outcome == "accepted";
    denied += outcome == "denied";
    refused += outcome == "refused";
  }
  m["operations_accepted"] = accepted;
  m["operations_denied"] = denied;
  m["operations_refused"] = refused;
  m["operation_converge_s"] = distribution(converge);
  // Desired states of full size: sends the cloud refused above the bound, and chunked
  // transfers a box found incomplete and asked for again (lost chunks).
  int too_large = 0, chunks_missing = 0;
  for (const auto& e : f.events) {
    too_large += e.kind == "desired.too_large";
    chunks_missing += e.kind == "desired.chunks_missing";
  }
  m["desired_too_large"] = too_large;
  m["desired_chunks_missing"] = chunks_missing;
}

// The console's commands carried to boxes over their cloud links (the cloud's `console.command`
// events: sent, done, dropped): how many the boxes applied or refused, how many were still
// unanswered at the end (a box down or cut off), and how long each took from the console to
// the box's answer, by cluster.
void add_console_command_metrics(const RunFacts& f, Json& m) {
  int sent = 0, applied = 0, refused = 0, dropped = 0;
  std::vector<std::pair<std::string, double>> elapsed;
  for (const auto& e : f.events) {
    if (e.kind != "console.command") continue;
    const std::string phase = e.line.value("phase", "");
    sent += phase == "sent";
    dropped += phase == "dropped";
    if (phase != "done") continue;
    const bool ok = e.line.value("outcome", "") == "applied";
    applied += ok;
    refused += !ok;
    elapsed.emplace_back(e.line.value("cluster", ""), e.line.value("elapsed_s", 0.0));
  }
  m["console_commands_applied"] = applied;
  m["console_commands_refused"] = refused;
  m["console_commands_pending"] = sent - applied - refused - dropped;
  m["console_command_s"] = distribution(elapsed);
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
  add_operation_metrics(f, m);
  add_console_command_metrics(f, m);
  int restarts = 0;
  for (const auto& e : f.events) restarts += e.kind == "container.restart";
  m["restarts"] = restarts;
  // The load clock's (engine/box_load.hpp): OOM kills, and boxes whose disk filled.
  // With `_by_site`, so an `expect` may name a site (zeros for the fleet's other sites).
  int oom_kills = 0;
  std::set<std::pair<std::string, std::string>> full_boxes;  // (site, box)
  Json oom_by_site = Json::object(), full_by_site = Json::object();
  for (const auto& site : f.fleet.sites) oom_by_site[site.name] = full_by_site[site.name] = 0;
  for (const auto& e : f.events) {
    const std::string site = e.line.value("site", "");
    if (e.kind == "container.oom") {
      ++oom_kills;
      if (oom_by_site.contains(site)) oom_by_site[site] = oom_by_site[site].get<int>() + 1;
    }
    if (e.kind == "disk.full" && full_boxes.emplace(site, e.line.value("box", "")).second &&
        full_by_site.contains(site))
      full_by_site[site] = full_by_site[site].get<int>() + 1;
  }
  m["oom_kills"] = oom_kills;
  m["oom_kills_by_site"] = std::move(oom_by_site);
  m["disk_full_boxes"] = static_cast<int>(full_boxes.size());
  m["disk_full_boxes_by_site"] = std::move(full_by_site);
}

}  // namespace edgetwin::sim
