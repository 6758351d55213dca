#pragma once
// Builds the SimGrid platform of a fleet, in code. One full zone per site (its boxes, its
// shared LAN link "lan:<site>" and its switch "switch:<site>"), one zone for the cloud (the
// cloud host behind the shared "egress" link, and the "twin" host that injects faults), and a
// star between them whose branches are the sites' WAN links "wan:<site>". So box -> peer is one
// LAN hop and box -> cloud is LAN + WAN + egress, with exactly those links' latencies. A site's
// NAS (the VIP witness when `ha.witness` is "nas") is a host "nas.<site>" on the same LAN.
#include <map>
#include <set>
#include <string>

#include <simgrid/s4u.hpp>

#include "edgetwin/model/fleet.hpp"

namespace edgetwin::sim {

struct FleetPlatform {
  simgrid::s4u::Host* cloud = nullptr;
  simgrid::s4u::Host* twin = nullptr;  // runs the fault injector; never communicates
  std::map<std::string, simgrid::s4u::Host*> boxes;  // and the sites' generic nodes
  std::map<std::string, simgrid::s4u::Host*> nas;  // by site, for sites with a NAS
  // By site, only for sites with a client workload (docs/data-ha.md): a host "client.<site>"
  // on the site's LAN, so that the 400-site fleet does not pay for idle hosts.
  std::map<std::string, simgrid::s4u::Host*> clients;
  std::map<std::string, simgrid::s4u::Link*> links;  // by name: lan:<site>, wan:<site>, egress
};

// The node name of a site's NAS: not a valid box name (it has a '.'), so it never collides.
std::string nas_node_name(const std::string& site);

// The node name of a site's workload clients.
std::string client_node_name(const std::string& site);

// Call after the network model is configured and before the simulation runs.
FleetPlatform build_fleet_platform(const model::Fleet& fleet,
                                   const std::set<std::string>& client_sites = {});

}  // namespace edgetwin::sim
