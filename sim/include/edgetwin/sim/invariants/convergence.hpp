#pragma once
// Whether each site has settled after every fault healed (what `edgetwin explore` checks at
// the end of a run, docs/ha.md "Convergence"): one box holds the VIP; each data service has
// exactly one primary among the powered boxes and it is the VIP holder (its clients reach it
// through the VIP); every powered box applied the same desired-state generation.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "edgetwin/firmware/agents/box_agent.hpp"

namespace edgetwin::sim {

struct BoxAtEnd {
  std::string site;
  std::string box;
  bool powered = false;
  const fw::BoxAgent* agent = nullptr;  // null: not a running HA box (factory start, powered off)
};

// Each unsettled site with what is wrong, in site order; empty when every site settled.
std::map<std::string, std::vector<std::string>> unconverged_sites(
    const std::vector<BoxAtEnd>& boxes,
    const std::map<std::string, std::vector<std::string>>& vip_holders);

// The data copies that do not end where their primary's log ends (same last term and index):
// "site/box/app" of every powered replica behind or diverged at the end of the run (a
// replaced box that never resynced from its peer shows here).
std::vector<std::string> replicas_out_of_sync(const std::vector<BoxAtEnd>& boxes);
// replicas_out_of_sync (a count), its per-site companion and the copies by name.
void add_sync_metrics(const std::vector<std::string>& out_of_sync, nlohmann::ordered_json& metrics);

// unconverged_sites (a count) and unconverged_by_site (site -> what is wrong).
void add_convergence_metrics(const std::map<std::string, std::vector<std::string>>& unconverged,
                             nlohmann::ordered_json& metrics);

}  // namespace edgetwin::sim
