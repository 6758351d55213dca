#include "edgetwin/sim/faults/fault_injector.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string_view>

#include "edgetwin/firmware/base/seeded_rng.hpp"
#include "edgetwin/model/fault_kinds.hpp"

namespace edgetwin::sim {
namespace sg4 = simgrid::s4u;

namespace {

// The sites a target names: "site", "site/box" (its site) or "*" (all).
std::vector<const model::Site*> sites_of(const model::Fleet& fleet, const std::string& target) {
  std::vector<const model::Site*> out;
  const std::string site = target.substr(0, target.find('/'));
  for (const auto& s : fleet.sites)
    if (target == "*" || s.name == site) out.push_back(&s);
  return out;
}

// Concrete windows of one fault spec (before random draws): one per site or box it names.
std::vector<FaultWindow> targets_of(const model::Fleet& fleet, const model::FaultSpec& spec) {
  const model::FaultKind& kind = *model::find_fault_kind(spec.kind);  // validated
  std::vector<FaultWindow> out;
  if (kind.targets == model::FaultTargets::cloud)
    return {FaultWindow{spec.kind, "", "", "", 0, 0, {}, spec.params}};
  if (kind.targets == model::FaultTargets::container) {
    const auto first = spec.target.find('/'), second = spec.target.find('/', first + 1);
    return {FaultWindow{spec.kind, spec.target.substr(0, first),
                        spec.target.substr(first + 1, second - first - 1),
                        spec.target.substr(second + 1), 0, 0, {}, spec.params}};
  }
  const auto slash = spec.target.find('/');
  for (const auto* site : sites_of(fleet, spec.target)) {
    if (kind.targets == model::FaultTargets::site_or_box) {
      for (const auto& box : site->boxes) {
        if (slash != std::string::npos && spec.target.substr(slash + 1) != box.name) continue;
        FaultWindow w{spec.kind, site->name, box.name, "", 0, 0, {}, spec.params};
        if (kind.power == model::FaultPower::one_box) w.boxes_down.push_back(box.name);
        out.push_back(w);
      }
      // A generic node only when named (model/scenario_faults.cpp allows box-crash alone).
      for (const auto& node : site->generic_nodes) {
        if (slash == std::string::npos || spec.target.substr(slash + 1) != node.name) continue;
        out.push_back(FaultWindow{spec.kind, site->name, node.name, "", 0, 0, {node.name},
                                  spec.params});
      }
      continue;
    }
    FaultWindow w{spec.kind, site->name, "", "", 0, 0, {}, spec.params};
    if (kind.power == model::FaultPower::site_boxes)
      for (const auto& box : site->boxes) w.boxes_down.push_back(box.name);
    if (kind.power == model::FaultPower::site_nas) {
      if (!site->nas) continue;  // a site without a NAS: nothing to do
      w.boxes_down.push_back(nas_node_name(site->name));
    }
    out.push_back(w);
  }
  return out;
}

std::string describe(const FaultWindow& w) {
  if (!w.app.empty()) return w.site + "/" + w.box + "/" + w.app;
  if (!w.box.empty()) return w.site + "/" + w.box;
  return w.site.empty() ? "cloud" : w.site;
}

}  // namespace

// What each kind does besides powering off what fault_kinds.hpp says it powers off. A kind of
// the table without a row here stops the run before it starts.
FaultInjector::Behaviour FaultInjector::behaviour_of(std::string_view kind) {
  static const std::map<std::string_view, Behaviour> kBehaviours{
      {"box-crash", &FaultInjector::power_only},
      {"site-power-loss", &FaultInjector::power_only},
      {"nas-down", &FaultInjector::power_only},
      {"disk-loss", &FaultInjector::lose_disk},
      {"lan-split", &FaultInjector::split_lan},
      {"wan-down", &FaultInjector::cut_wan},
      {"cloud-down", &FaultInjector::cut_egress},
      {"link-degrade", &FaultInjector::degrade_link},
      {"clock-skew", &FaultInjector::skew_clock},
      {"container-crash", &FaultInjector::container_fault},
      {"container-hang", &FaultInjector::container_fault},
      {"stall", &FaultInjector::stall_box},
      {"disk-full", &FaultInjector::fill_disk},
      {"cloud-restart", &FaultInjector::restart_cloud},
      {"cloud-crash", &FaultInjector::restart_cloud},
      {"datagram-chaos", &FaultInjector::datagram_chaos},
  };
  const auto it = kBehaviours.find(kind);
  if (it == kBehaviours.end())
    throw std::logic_error("fault kind '" + std::string(kind) + "' has no behaviour in the twin");
  return it->second;
}

void FaultInjector::power_only(const FaultWindow&, bool) {}

void FaultInjector::lose_disk(const FaultWindow& w, bool down) {
  if (down) boxes_.at(w.box)->lose_disk();
}

void FaultInjector::split_lan(const FaultWindow& w, bool down) { partitions_.split(w.site, down); }

void FaultInjector::cut_wan(const FaultWindow& w, bool down) { link_state("wan:" + w.site, down); }

void FaultInjector::cut_egress(const FaultWindow&, bool down) { link_state("egress", down); }

FaultInjector::FaultInjector(const model::Scenario& scenario, std::uint64_t seed,
                             FleetPlatform& platform, std::map<std::string, SimNode*> boxes,
                             EventLog& log, LanPartitions& partitions)
    : scenario_(scenario),
      platform_(platform),
      boxes_(std::move(boxes)),
      log_(log),
      partitions_(partitions) {
  for (const auto& kind : model::fault_kinds()) behaviour_of(kind.name);  // every row has one
  for (const auto& spec : scenario.faults) expand(spec, seed);
  std::stable_sort(actions_.begin(), actions_.end(), [](const Action& a, const Action& b) {
    return a.t != b.t ? a.t < b.t : a.seq < b.seq;
  });
}

void FaultInjector::expand(const model::FaultSpec& spec, std::uint64_t seed) {
  const double end_of_run = scenario_.duration_s;
  for (FaultWindow w : targets_of(scenario_.fleet, spec)) {
    if (!spec.random) {
      w.start_s = spec.at_s;
      w.end_s = spec.for_s ? std::min(end_of_run, spec.at_s + *spec.for_s) : end_of_run;
      schedule(w);
      continue;
    }
    // Poisson arrivals per target; the next one is drawn after the previous one has ended.
    fw::SeededRng rng(seed, "faults/" + spec.pointer + "/" + describe(w));
    const double rate_per_s = spec.random->rate_per_day / 86400.0;
    for (double t = 0; rate_per_s > 0;) {
      t += -std::log(1.0 - rng.uniform01()) / rate_per_s;
      if (t >= end_of_run) break;
      if (windows_.size() >= kRandomFaultsMax) throw std::length_error("kRandomFaultsMax");
      w.start_s = t;
      w.end_s = std::min(end_of_run, t + spec.random->for_s);
      schedule(w);
      t = w.end_s;
    }
  }
}

void FaultInjector::schedule(FaultWindow w) {
  windows_.push_back(w);
  auto flip = [this, w](bool down) {
    log_.write(loop_->now().to_seconds(), down ? "fault.start" : "fault.end", {{"by", "twin"}},
               {{"fault", w.kind}, {"target", describe(w)}});
    for (const auto& box : w.boxes_down) box_power(box, down);
    (this->*behaviour_of(w.kind))(w, down);
  };
  actions_.push_back({w.start_s, actions_.size(), [flip] { flip(true); }});
  if (w.end_s < scenario_.duration_s)
    actions_.push_back({w.end_s, actions_.size(), [flip] { flip(false); }});
}

void FaultInjector::box_power(const std::string& box, bool down) {
  int& count = down_count_[box];
  count += down ? 1 : -1;
  SimNode* node = boxes_.at(box);
  if (down && count == 1) node->power_off();
  if (!down && count == 0) node->power_on();
}

void FaultInjector::link_state(const std::string& link, bool down) {
  int& count = down_count_[link];
  count += down ? 1 : -1;
  sg4::Link* l = platform_.links.at(link);
  if (down && count == 1) l->turn_off();
  if (!down && count == 0) l->turn_on();
}

// The site's WAN link gets the fault's latency on top of its own, the fault's bandwidth, and
// loses the fault's fraction of datagrams crossing it (SimGrid links do not lose packets, so
// the loss is drawn per datagram by the sending node).
void FaultInjector::degrade_link(const FaultWindow& w, bool start) {
  const std::string name = "wan:" + w.site;
  sg4::Link* link = platform_.links.at(name);
  LinkHealth& health = degraded_[name];
  if (start && health.degradations++ == 0) {
    health.latency_s = link->get_latency();
    health.bandwidth = link->get_bandwidth();
  }
  if (!start && --health.degradations > 0) return;
  const double extra_s = start ? w.params.value("latency_ms", 0.0) / 1000.0 : 0.0;
  link->set_latency(health.latency_s + extra_s);
  const bool slower = start && w.params.contains("mbps");
  link->set_bandwidth(slower ? w.params["mbps"].get<double>() * 1e6 / 8 : health.bandwidth);
  if (links_changed_) links_changed_();
  const double loss = start ? w.params.value("loss", 0.0) : 0.0;
  for (const auto& box : scenario_.fleet.find_site(w.site)->boxes)
    boxes_.at(box.name)->set_wan_loss(loss);
}

void FaultInjector::skew_clock(const FaultWindow& w, bool start) {
  const double ppm = w.params.value("drift_ppm", 0.0);
  boxes_.at(w.box)->set_clock_rate(start ? 1.0 + ppm * 1e-6 : 1.0);
}

// A crashed or hung container stays so until it is started again (by the firmware's restart
// or the box's reboot): the fault's end does not heal it.
void FaultInjector::container_fault(const FaultWindow& w, bool down) {
  if (!down) return;
  SimRuntime& runtime = boxes_.at(w.box)->sim_runtime();
  for (const auto& c : runtime.containers()) {
    if (c.spec.app != w.app) continue;
    if (w.kind == "container-crash") runtime.crash(c.spec.name);
    if (w.kind == "container-hang") runtime.hang(c.spec.name);
  }
}

void FaultInjector::stall_box(const FaultWindow& w, bool down) {
  int& count = down_count_["stall:" + w.box];
  count += down ? 1 : -1;
  if ((down && count == 1) || (!down && count == 0)) boxes_.at(w.box)->set_stalled(down);
}

void FaultInjector::fill_disk(const FaultWindow& w, bool down) {
  int& count = down_count_["disk-full:" + w.box];
  count += down ? 1 : -1;
  if ((down && count == 1) || (!down && count == 0)) boxes_.at(w.box)->set_disk_full(down);
}

// The cloud is not a box of any site: its power is flipped here rather than through
// boxes_down, which the detection metrics read as boxes the cloud stops seeing.
void FaultInjector::restart_cloud(const FaultWindow&, bool down) { box_power("cloud", down); }

void FaultInjector::datagram_chaos(const FaultWindow& w, bool start) {
  const bool wan = w.params.value("link", std::string("lan")) == "wan";
  DatagramChaos chaos;
  if (start) {
    chaos.loss = w.params.value("loss", 0.0);
    chaos.duplicate = w.params.value("duplicate", 0.0);
    chaos.delay_s = w.params.value("delay_ms", 0.0) / 1000.0;
  }
  std::vector<std::string> nodes;
  for (const auto& box : scenario_.fleet.find_site(w.site)->boxes) nodes.push_back(box.name);
  if (boxes_.count(nas_node_name(w.site)) != 0) nodes.push_back(nas_node_name(w.site));
  for (const auto& node : nodes) boxes_.at(node)->set_chaos(wan, chaos);
}

void FaultInjector::start(WorldLoop& loop) {
  loop_ = &loop;
  // In time order (sorted above), so that faults at one instant apply in timeline order.
  for (auto& action : actions_) loop.at(fw::Time::from_seconds(action.t), std::move(action.apply));
  actions_.clear();
}

}  // namespace edgetwin::sim
