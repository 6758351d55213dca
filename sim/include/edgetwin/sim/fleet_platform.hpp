#pragma once
// Builds the SimGrid platform of a fleet, in code. One full zone per site (its boxes, its
// shared LAN link "lan:<site>" and its switch "switch:<site>"), one zone for the cloud (the
// cloud host behind the shared "egress" link, and the "twin" host that injects faults), and a
// star between them whose branches are the sites' WAN links "wan:<site>". So box -> peer is one
// LAN hop and box -> cloud is LAN + WAN + egress, with exactly those links' latencies.
#include <map>
#include <string>

#include <simgrid/s4u.hpp>

#include "edgetwin/model/fleet.hpp"

namespace edgetwin::sim {

struct FleetPlatform {
  simgrid::s4u::Host* cloud = nullptr;
  simgrid::s4u::Host* twin = nullptr;  // runs the fault injector; never communicates
  std::map<std::string, simgrid::s4u::Host*> boxes;
  std::map<std::string, simgrid::s4u::Link*> links;  // by name: lan:<site>, wan:<site>, egress
};

// Call after the network model is configured and before the simulation runs.
FleetPlatform build_fleet_platform(const model::Fleet& fleet);

}  // namespace edgetwin::sim
