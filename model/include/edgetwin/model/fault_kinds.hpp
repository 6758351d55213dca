#pragma once
// Every fault kind of the scenario format, as one table read by validation (model), the fault
// injector and the metrics (sim) and the studio's planner (gui). Adding a fault kind is one row
// here plus its behaviour in sim/src/faults/fault_injector.cpp (a run refuses to start when a
// row has no behaviour).
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edgetwin::model {

// What a fault's `target` may name.
enum class FaultTargets {
  cloud,        // nothing, or "cloud"
  site,         // "site" or "*"
  site_or_box,  // "site/box", "site" or "*": one window per box
  container,    // "site/box/app": the app's replicas on that box
};

// What loses power while the fault lasts (the rest of its effect is its behaviour in sim).
enum class FaultPower {
  none,
  one_box,     // the box it names (per box window)
  site_boxes,  // every box of the site
  site_nas,    // the site's NAS (a site without one: the fault does nothing)
  cloud,       // the cloud control plane
};

struct FaultKind {
  std::string_view name;
  FaultTargets targets;
  std::span<const std::string_view> fields;  // kind-specific fields beside kind/target/timing
  FaultPower power;
  std::string_view effect;  // what it does at its start and at its end, for people

  // A fault that powers off exactly one box: the detection metrics (peer_detect_s,
  // undetected_faults) and the recovery metrics measure from it.
  bool takes_one_box_down() const { return power == FaultPower::one_box; }
};

// In the order the format lists them.
std::span<const FaultKind> fault_kinds();
// nullptr when `name` is no fault kind.
const FaultKind* find_fault_kind(std::string_view name);
// Every kind's name, comma separated (for error messages).
std::string fault_kind_names();
// The target shapes a kind accepts, for error messages and the planner.
std::string_view target_shapes(FaultTargets targets);

}  // namespace edgetwin::model
