// The fault timeline of a scenario: kinds this build supports and targets that exist.
#include <algorithm>
#include <cmath>
#include <set>

#include "edgetwin/model/fault_kinds.hpp"
#include "json_pointer.hpp"
#include "scenario_parse.hpp"

namespace edgetwin::model {
namespace {

// A clock at half or one-and-a-half speed is beyond any real oscillator fault; the bound keeps
// the simulated clock rate positive.
constexpr double kDriftPpmMax = 500'000;
// A delay beyond this is an outage, which wan-down and lan-split model better.
constexpr double kChaosDelayMsMax = 60'000;

bool check_kind(Checker& checker, const std::string& kind, const std::string& pointer) {
  if (find_fault_kind(kind) != nullptr) return true;
  checker.error(pointer,
                "unknown fault kind '" + kind + "' (supported: " + fault_kind_names() + ")");
  return false;
}

// Container faults name one app's replicas on one box: "site/box/app".
std::string container_target_problem(const std::string& target, const Fleet& fleet) {
  const auto first = target.find('/');
  const auto second = first == std::string::npos ? first : target.find('/', first + 1);
  if (second == std::string::npos || target.find('/', second + 1) != std::string::npos)
    return "target '" + target + "' is not valid for a container fault (expected 'site/box/app')";
  const Site* site = fleet.find_site(target.substr(0, first));
  if (site == nullptr) return "target '" + target + "' matches no site in the fleet";
  const std::string box = target.substr(first + 1, second - first - 1);
  const std::string app = target.substr(second + 1);
  bool box_found = false;
  for (const auto& b : site->boxes) box_found = box_found || b.name == box;
  if (!box_found) return "target '" + target + "' matches no box of site '" + site->name + "'";
  const auto system = fleet.systems.find(site->system);
  const bool app_found = system != fleet.systems.end() &&
                         std::find(system->second.begin(), system->second.end(), app) !=
                             system->second.end();
  if (!app_found) return "target '" + target + "': app '" + app + "' is not in the site's system";
  return "";
}

// "" when the target names something in the fleet, else why not.
std::string target_problem(const FaultKind& kind, const std::string& target, const Fleet& fleet) {
  if (kind.targets == FaultTargets::cloud) {
    if (target.empty() || target == "cloud") return "";
    return std::string(kind.name) + " takes no target or 'cloud'";
  }
  if (kind.targets == FaultTargets::container) return container_target_problem(target, fleet);
  const bool boxes_allowed = kind.targets == FaultTargets::site_or_box;
  const std::string shapes(target_shapes(kind.targets));
  if (target.empty()) return "missing target (expected " + shapes + ")";
  if (target == "*") return fleet.sites.empty() ? "target '*' matches no site" : "";
  const auto slash = target.find('/');
  const std::string site_name = target.substr(0, slash);
  if (slash != std::string::npos &&
      (!boxes_allowed || target.find('/', slash + 1) != std::string::npos)) {
    return "target '" + target + "' is not valid for " + std::string(kind.name) + " (expected " +
           shapes + ")";
  }
  const Site* site = fleet.find_site(site_name);
  if (site == nullptr) return "target '" + target + "' matches no site in the fleet";
  if (slash == std::string::npos) return "";
  const std::string box = target.substr(slash + 1);
  for (const auto& candidate : site->boxes) {
    if (candidate.name == box) return "";
  }
  // A generic node is a host like a box: it can crash or lose power, by its own name only.
  for (const auto& candidate : site->generic_nodes)
    if (candidate.name == box) {
      if (kind.power == FaultPower::one_box) return "";
      return "target '" + target + "': " + std::string(kind.name) +
             " does not apply to generic node '" + box + "' (box-crash and disk-loss do)";
    }
  return "target '" + target + "' matches no box of site '" + site_name + "'";
}

void read_random(Checker& checker, const Json& fault, const std::string& pointer, FaultSpec& out) {
  const Json* random = checker.object_field(fault, pointer, "random", Need::kOptional);
  if (random == nullptr) return;
  const std::string p = pointer + "/random";
  checker.check_keys(*random, p, {"rate_per_day", "for_s"});
  RandomFault result;
  result.rate_per_day =
      checker.number_field(*random, p, "rate_per_day", Bound::kPositive, Need::kRequired)
          .value_or(0);
  result.for_s =
      checker.number_field(*random, p, "for_s", Bound::kPositive, Need::kRequired).value_or(0);
  out.random = result;
}

void read_timing(ScenarioContext& context, const Json& fault, const std::string& pointer,
                 FaultSpec& out) {
  Checker& checker = context.checker;
  const auto at_s =
      checker.number_field(fault, pointer, "at_s", Bound::kNonNegative, Need::kOptional);
  out.at_s = at_s.value_or(0);
  out.for_s = checker.number_field(fault, pointer, "for_s", Bound::kPositive, Need::kOptional);
  read_random(checker, fault, pointer, out);
  const bool has_at = fault.contains("at_s");
  const bool has_random = fault.contains("random");
  if (!has_at && !has_random) {
    checker.error(pointer, "a fault needs 'at_s' (scheduled) or 'random'");
  } else if (has_at && has_random) {
    checker.error(pointer + "/random", "a fault has either 'at_s' or 'random', not both");
  }
  if (at_s && *at_s > context.duration_s) {
    checker.error(pointer + "/at_s", "at_s " + format_number(*at_s) +
                                         " is beyond the scenario's duration_s " +
                                         format_number(context.duration_s));
  }
}

// A degraded WAN link: extra latency, datagram loss and/or a lower bandwidth.
void read_link_degrade(Checker& checker, const Json& fault, const std::string& pointer,
                       FaultSpec& out) {
  checker.number_field(fault, pointer, "latency_ms", Bound::kNonNegative, Need::kOptional);
  checker.number_field(fault, pointer, "mbps", Bound::kPositive, Need::kOptional);
  const auto loss = checker.number_field(fault, pointer, "loss", Bound::kNonNegative, Need::kOptional);
  if (loss && *loss > 1) checker.error(child_pointer(pointer, "loss"), "loss is a fraction in [0, 1]");
  if (out.params.empty() && !fault.contains("latency_ms") && !fault.contains("loss") &&
      !fault.contains("mbps")) {
    checker.error(pointer, "link-degrade needs at least one of 'latency_ms', 'loss', 'mbps'");
  }
}

// Datagram loss, duplication and delay on one of the site's links.
void read_datagram_chaos(Checker& checker, const Json& fault, const std::string& pointer) {
  const auto link = checker.string_field(fault, pointer, "link", Need::kRequired);
  if (link && *link != "lan" && *link != "wan")
    checker.error(child_pointer(pointer, "link"), "link is 'lan' or 'wan', got '" + *link + "'");
  for (const char* fraction : {"loss", "duplicate"}) {
    const auto value = checker.number_field(fault, pointer, fraction, Bound::kNonNegative, Need::kOptional);
    if (value && *value > 1)
      checker.error(child_pointer(pointer, fraction), std::string(fraction) + " is a fraction in [0, 1]");
  }
  const auto delay = checker.number_field(fault, pointer, "delay_ms", Bound::kNonNegative, Need::kOptional);
  if (delay && *delay > kChaosDelayMsMax)
    checker.error(child_pointer(pointer, "delay_ms"),
                  "delay_ms is at most " + format_number(kChaosDelayMsMax));
  if (!fault.contains("loss") && !fault.contains("duplicate") && !fault.contains("delay_ms"))
    checker.error(pointer, "datagram-chaos needs at least one of 'loss', 'duplicate', 'delay_ms'");
}

// Kind-specific fields: each kind accepts its own, checked here so a misspelt "latency_ms"
// is an error instead of a silently healthy link.
void read_params(Checker& checker, const Json& fault, const std::string& pointer,
                 const std::string& kind, FaultSpec& out) {
  out.params = Json::object();
  const std::set<std::string> common{"kind", "target", "at_s", "for_s", "random"};
  std::set<std::string> allowed;
  if (const FaultKind* k = find_fault_kind(kind))
    for (const auto field : k->fields) allowed.emplace(field);
  for (const auto& [key, value] : fault.items()) {
    if (common.count(key) != 0 || key.rfind("x-", 0) == 0) continue;
    if (allowed.count(key) == 0) {
      checker.error(child_pointer(pointer, key), "unknown field '" + key + "' for fault kind '" +
                                                     kind + "'");
      continue;
    }
    out.params[key] = value;
  }
  if (kind == "link-degrade") read_link_degrade(checker, fault, pointer, out);
  if (kind == "datagram-chaos") read_datagram_chaos(checker, fault, pointer);
  if (kind == "clock-skew") {
    const auto ppm = checker.number_field(fault, pointer, "drift_ppm", Bound::kAny, Need::kRequired);
    if (ppm && (*ppm == 0 || std::abs(*ppm) > kDriftPpmMax)) {
      checker.error(child_pointer(pointer, "drift_ppm"),
                    "drift_ppm must be non-zero and within +-" + format_number(kDriftPpmMax));
    }
  }
}

void read_fault(ScenarioContext& context, const Json& fault, const std::string& pointer,
                std::vector<FaultSpec>& faults) {
  Checker& checker = context.checker;
  if (!checker.expect_object(fault, pointer)) return;
  FaultSpec out;
  out.pointer = pointer;
  const auto kind = checker.string_field(fault, pointer, "kind", Need::kRequired);
  out.kind = kind.value_or("");
  out.target = checker.string_field(fault, pointer, "target", Need::kOptional).value_or("");
  read_timing(context, fault, pointer, out);
  if (kind) read_params(checker, fault, pointer, *kind, out);
  if (kind && check_kind(checker, *kind, pointer + "/kind") && context.fleet != nullptr) {
    const std::string problem = target_problem(*find_fault_kind(*kind), out.target, *context.fleet);
    const bool has_target = fault.contains("target");
    if (!problem.empty()) checker.error(has_target ? pointer + "/target" : pointer, problem);
  }
  faults.push_back(std::move(out));
}

}  // namespace

void read_faults(ScenarioContext& context, const Json& doc, std::vector<FaultSpec>& faults) {
  const Json* list = context.checker.array_field(doc, "", "faults", Need::kOptional);
  if (list == nullptr) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    read_fault(context, (*list)[i], child_pointer("/faults", i), faults);
  }
}

}  // namespace edgetwin::model
