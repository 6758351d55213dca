#pragma once
// One played fault, as the run records it for the metrics: written by the fault injector
// (faults/), read by the metrics (metrics/), which therefore need no simulator.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "edgetwin/model/fault_kinds.hpp"

namespace edgetwin::sim {

// One fault occurrence on one concrete target, as played.
struct FaultWindow {
  std::string kind;
  std::string site;  // "" for cloud-wide faults
  std::string box;   // "" unless the fault hits one box
  std::string app;   // container faults: the app whose replicas on `box` are hit
  double start_s = 0;
  double end_s = 0;                     // the run's end when the fault lasts until then
  std::vector<std::string> boxes_down;  // boxes that lose power
  nlohmann::json params;                // kind-specific (link-degrade, clock-skew)
};

// Fault kinds that power off one box (fault_kinds.hpp; a disk swap is a reboot with an empty
// disk).
inline bool takes_one_box_down(std::string_view kind) {
  const model::FaultKind* k = model::find_fault_kind(kind);
  return k != nullptr && k->takes_one_box_down();
}

}  // namespace edgetwin::sim
