#include "edgetwin/sim/explore/fault_draw.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/seeded_rng.hpp"
#include "edgetwin/model/fault_kinds.hpp"

namespace edgetwin::sim {
namespace {

using Json = nlohmann::ordered_json;

// To 1/per, so that the written scenario is short (0.28, not 0.28000000000000003).
double rounded(double value, double per) { return std::round(value * per) / per; }

class Draw {
 public:
  Draw(const model::Scenario& scenario, std::uint64_t seed)
      : fleet_(scenario.fleet), rng_(seed, "explore/" + scenario.name) {}

  double uniform(double lo, double hi) { return lo + (hi - lo) * rng_.uniform01(); }
  std::size_t index(std::size_t n) {
    return std::min(n - 1, static_cast<std::size_t>(rng_.uniform01() * static_cast<double>(n)));
  }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[index(items.size())];
  }

  const model::Site& site() { return pick(fleet_.sites); }
  std::string box_target() {
    const auto& s = site();
    return s.name + "/" + pick(s.boxes).name;
  }
  // An app of the site's system on one of its boxes; "" when the system has none.
  std::string container_target() {
    const auto& s = site();
    const auto system = fleet_.systems.find(s.system);
    if (system == fleet_.systems.end() || system->second.empty()) return "";
    return s.name + "/" + pick(s.boxes).name + "/" + pick(system->second);
  }
  // A site with a NAS, or "" when no site has one.
  std::string nas_site() {
    std::vector<std::string> with_nas;
    for (const auto& s : fleet_.sites)
      if (s.nas) with_nas.push_back(s.name);
    return with_nas.empty() ? "" : pick(with_nas);
  }

  // The kind-specific fields of one fault.
  void params(const std::string& kind, Json& f) {
    if (kind == "link-degrade") {
      f["latency_ms"] = rounded(uniform(0, 300), 1);
      f["loss"] = rounded(uniform(0, FaultSpace::kLossMax), 100);
    }
    if (kind == "clock-skew") {
      const double ppm = rounded(uniform(100, FaultSpace::kDriftPpmMax), 1);
      f["drift_ppm"] = rng_.uniform01() < 0.5 ? -ppm : ppm;
    }
    if (kind == "datagram-chaos") {
      f["link"] = rng_.uniform01() < 0.5 ? "lan" : "wan";
      f["loss"] = rounded(uniform(0, FaultSpace::kLossMax), 100);
      f["duplicate"] = rounded(uniform(0, FaultSpace::kLossMax), 100);
      f["delay_ms"] = rounded(uniform(0, FaultSpace::kChaosDelayMsMax), 1);
    }
  }

  // The target for `kind`; "" when the fleet has nothing it could hit.
  std::string target(const model::FaultKind& kind) {
    switch (kind.targets) {
      case model::FaultTargets::cloud:
        return "cloud";
      case model::FaultTargets::site:
        return kind.power == model::FaultPower::site_nas ? nas_site() : site().name;
      case model::FaultTargets::site_or_box:
        return box_target();
      case model::FaultTargets::container:
        return container_target();
    }
    return "";
  }

 private:
  const model::Fleet& fleet_;
  fw::SeededRng rng_;
};

}  // namespace

std::optional<FaultSpace> FaultSpace::for_scenario(const model::Scenario& scenario,
                                                   std::string& why) {
  FaultSpace space;
  space.heal_by_s = scenario.duration_s - kSettleS;
  if (space.heal_by_s - space.from_s < kWindowMinS) {
    why = "duration_s " + std::to_string(static_cast<long long>(scenario.duration_s)) +
          " is too short to search: explore needs " +
          std::to_string(static_cast<long long>(kWarmupS + kWindowMinS + kSettleS)) +
          " s (warm-up, a window of faults, then the convergence bound)";
    return std::nullopt;
  }
  if (scenario.fleet.sites.empty()) {
    why = "the fleet has no site to put faults on";
    return std::nullopt;
  }
  return space;
}

Json draw_faults(const model::Scenario& scenario, const FaultSpace& space, std::uint64_t seed) {
  Draw draw(scenario, seed);
  // cloud-crash is cloud-restart under another name (the process rather than the machine): the
  // search draws it as cloud-restart, and its seeds keep the schedules they always had.
  std::vector<model::FaultKind> kinds;
  for (const model::FaultKind& kind : model::fault_kinds())
    if (kind.name != "cloud-crash") kinds.push_back(kind);
  const int count = 1 + static_cast<int>(draw.index(FaultSpace::kFaultsMax));
  std::vector<Json> faults;
  std::set<std::string> disk_lost;  // sites that already lose a disk in this schedule
  for (int i = 0; i < count; ++i) {
    const model::FaultKind& kind = kinds[draw.index(kinds.size())];
    const std::string target = draw.target(kind);
    const double at_s = rounded(draw.uniform(space.from_s, space.heal_by_s - 1), 1000);
    const double longest = std::min(FaultSpace::kForMaxS, space.heal_by_s - at_s);
    // Mostly short faults (a flap, a stall of a few adverts), some long ones.
    const double for_s =
        rounded(std::clamp(-20.0 * std::log(1.0 - draw.uniform(0, 1)), 0.5, longest), 1000);
    if (target.empty()) continue;  // nothing of that kind in this fleet (no NAS, no app)
    // Two copies survive one lost disk, not two: a second disk loss at a site is outside
    // what the product claims, so the search does not draw it.
    if (kind.name == "disk-loss" && !disk_lost.insert(target.substr(0, target.find('/'))).second)
      continue;
    Json f{{"at_s", at_s}, {"kind", kind.name}};
    if (kind.targets != model::FaultTargets::cloud) f["target"] = target;
    f["for_s"] = for_s;
    draw.params(std::string(kind.name), f);
    faults.push_back(std::move(f));
  }
  std::stable_sort(faults.begin(), faults.end(), [](const Json& a, const Json& b) {
    return a["at_s"].get<double>() < b["at_s"].get<double>();
  });
  Json out = Json::array();
  for (auto& f : faults) out.push_back(std::move(f));
  return out;
}

}  // namespace edgetwin::sim
