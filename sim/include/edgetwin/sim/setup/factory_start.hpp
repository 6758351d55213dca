#pragma once
// A scenario with "start": "factory" (docs/activation.md): every box powers on unactivated at
// t=0 and runs the first-boot firmware (fw::ActivationBoxAgent) with console answers derived
// from the fleet (box name, LAN address, manual network mode); at t=0 an operator clicks
// "activate device" for every node in the cloud console and types each box's code when its
// console asks for it. The cloud rate-limits activations as the fleet's `cloud` section says.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "edgetwin/firmware/activation/activation_service.hpp"
#include "edgetwin/firmware/agents/activation_box_agent.hpp"
#include "edgetwin/model/fleet.hpp"
#include "edgetwin/sim/engine/sim_node.hpp"

namespace edgetwin::sim {

class FactoryStart {
 public:
  explicit FactoryStart(const model::Fleet& fleet);

  fw::ActivationServiceConfig service_config() const;
  // The first-boot configuration of `box`: the operator's answers and the activation timing.
  fw::FactoryConfig box_factory(const model::Site& site, const model::Box& box) const;
  // The operator at t=0, once the cloud has booted and before any box does: one bind code per
  // box of the fleet.
  void issue_codes_at_start(SimNode& cloud);
  // The operator when `site` is installed (an install schedule): its boxes' codes only, so
  // that a code is never older than the site it opens (codes expire after 24 h).
  void issue_codes(SimNode& cloud, const model::Site& site);
  // The operator notes a code the console gave for `box` (a replaced box's).
  void note_code(const std::string& box, const std::string& code) { (*notes_)[box] = code; }

 private:
  const model::Fleet& fleet_;
  // The operator's notes: box -> bind code, read when a box's console asks for it.
  std::shared_ptr<std::map<std::string, std::string>> notes_;
};

}  // namespace edgetwin::sim
