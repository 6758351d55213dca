#include "edgetwin/sim/metrics/availability_metrics.hpp"

#include <map>
#include <set>
#include <string>

#include "edgetwin/sim/record/fault_window.hpp"
#include "edgetwin/sim/setup/initial_deployment.hpp"

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

struct Replica {
  std::string app;
  bool placed = true;
  bool broken = false;  // crashed or hung, until restarted
  bool ready = true;    // as the readiness probe last said
};

// The serving state of one site's replicas, and the time each app has spent unserved.
class SiteReplicas {
 public:
  SiteReplicas(const model::Fleet& fleet, const model::Site& site, bool factory_start) {
    for (const auto& [box, specs] : initial_deployment(fleet, site)) {
      powered_[box] = true;
      if (factory_start) continue;
      for (const auto& spec : specs) replicas_[box][spec.name] = {spec.app};
    }
    for (const auto& app : fleet.systems.at(site.system)) unserved_s_[app] = 0;
  }

  // Every app the site deploys is measured: its system's from t=0, any other (a cluster
  // component such as Link Visual, an app a `deploy` operation adds) from its first replica on.
  void measure(const std::string& app) {
    if (!app.empty()) unserved_s_.try_emplace(app, 0.0);
  }

  void advance(double t) {
    for (auto& [app, total] : unserved_s_)
      if (!retired_.contains(app) && !serving(app)) total += t - now_;
    now_ = t;
  }
  void power(const std::string& box, bool on) { powered_[box] = on; }
  Replica* find(const std::string& box, const std::string& container) {
    auto b = replicas_.find(box);
    if (b == replicas_.end()) return nullptr;
    auto r = b->second.find(container);
    return r == b->second.end() ? nullptr : &r->second;
  }
  void place(const std::string& box, const std::string& container, const std::string& app,
             bool placed) {
    measure(app);
    Replica& r = replicas_[box][container];
    r.app = app;
    r.placed = placed;
    r.broken = false;
    r.ready = true;
  }
  // A replica the reconciler started (a deploy, an upgrade's new version, a scale-out) serves
  // once its readiness probe says so.
  void start(const std::string& box, const std::string& container, const std::string& app) {
    place(box, container, app, true);
    replicas_[box][container].ready = false;
  }
  // A deleted app is not unavailable: its time stops counting.
  void retire(const std::string& app) { retired_.insert(app); }
  void break_app(const std::string& box, const std::string& app) {
    for (auto& [name, r] : replicas_[box])
      if (r.app == app) r.broken = true;
  }
  const std::map<std::string, double>& unserved() const { return unserved_s_; }

 private:
  bool serving(const std::string& app) const {
    for (const auto& [box, replicas] : replicas_) {
      if (!powered_.at(box)) continue;
      for (const auto& [name, r] : replicas)
        if (r.app == app && r.placed && !r.broken && r.ready) return true;
    }
    return false;
  }

  double now_ = 0;
  std::map<std::string, bool> powered_;
  std::map<std::string, std::map<std::string, Replica>> replicas_;  // box -> container -> state
  std::map<std::string, double> unserved_s_;                        // app -> seconds
  std::set<std::string> retired_;
};

std::string part(const std::string& target, int index) {
  std::size_t begin = 0;
  for (int i = 0; i < index; ++i) begin = target.find('/', begin) + 1;
  return target.substr(begin, target.find('/', begin) - begin);
}

void apply_fault(SiteReplicas& site, const model::Site& model_site, const Json& line) {
  const std::string fault = line["fault"], target = line["target"];
  if (takes_one_box_down(fault)) site.power(part(target, 1), false);
  if (fault == "site-power-loss")
    for (const auto& box : model_site.boxes) site.power(box.name, false);
  if (fault == "container-crash" || fault == "container-hang")
    site.break_app(part(target, 1), part(target, 2));
}

void apply(SiteReplicas& site, const model::Site& model_site, const LoggedEvent& e) {
  const Json& l = e.line;
  const std::string box = l.value("box", "");
  if (e.kind == "fault.start") return apply_fault(site, model_site, l);
  if (e.kind == "box.boot") return site.power(box, true);
  const std::string container = l.value("container", "");
  if (e.kind == "service.adopt") return site.place(box, container, l.value("app", ""), true);
  if (e.kind == "reconcile.start") return site.start(box, container, l.value("app", ""));
  if (e.kind == "app.op" && l.value("op", "") == "app_delete" && l.value("outcome", "") == "accepted")
    return site.retire(l.value("app", ""));
  Replica* r = site.find(box, container);
  if (r == nullptr) return;
  if (e.kind == "service.evict" || e.kind == "reconcile.stop") r->placed = false;
  if (e.kind == "container.restart") r->broken = false;
  if (e.kind == "container.ready") r->ready = l["ready"].get<bool>();
}

// The site an event is about: its stamp, or the first part of a fault's target.
std::string site_of(const LoggedEvent& e) {
  if (e.kind == "fault.start") return part(e.line.value("target", ""), 0);
  if (e.kind == "app.op") return e.line.value("site", "");  // the cloud's, about one site
  return e.line.value("by", "") == "cloud" ? "" : e.line.value("site", "");
}

}  // namespace

void add_availability_metrics(const RunFacts& f, Json& m) {
  std::map<std::string, SiteReplicas> sites;
  // The fleet's site of each entry, found once: Fleet::find_site walks the sites, and this
  // loop runs once per event (a 4,000-site run has millions).
  std::map<std::string, const model::Site*> model_sites;
  for (const auto& s : f.fleet.sites) {
    sites.emplace(s.name, SiteReplicas(f.fleet, s, f.factory_start));
    model_sites.emplace(s.name, &s);
  }
  for (const auto& e : f.events) {
    auto it = sites.find(site_of(e));
    if (it == sites.end()) continue;
    it->second.advance(e.t);
    apply(it->second, *model_sites.at(it->first), e);
  }
  std::vector<std::pair<std::string, double>> samples;
  Json by_app = Json::object();
  Json by_site_app = Json::object();  // what `expect` with both `site` and `app` reads
  for (auto& [name, site] : sites) {
    site.advance(f.duration_s);
    // One sample per app and site, zeros included: "never unavailable" is a result, and a
    // site's assertion must find it.
    for (const auto& [app, served_s] : site.unserved()) {
      // A data app under a writes workload: the checker's time with no write succeeding.
      const auto measured = f.data_unavailable_s.find({name, app});
      const double s = measured != f.data_unavailable_s.end() ? measured->second : served_s;
      samples.emplace_back(name, s);
      by_app[app] = by_app.value(app, 0.0) + round_time(s);
      by_site_app[name][app] = round_time(s);
    }
  }
  m["unavailable_s"] = distribution(samples);
  m["unavailable_s"]["by_app"] = by_app;  // fleet-wide seconds per app
  m["unavailable_s"]["by_site_app"] = by_site_app;
}

}  // namespace edgetwin::sim
