#include "edgetwin/sim/invariants/convergence.hpp"

#include <set>

namespace edgetwin::sim {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

void check_site(const std::vector<const BoxAtEnd*>& boxes, const std::vector<std::string>& holders,
                std::vector<std::string>& problems) {
  std::vector<const BoxAtEnd*> running;
  for (const auto* b : boxes)
    if (b->powered && b->agent != nullptr) running.push_back(b);
  if (running.empty()) return;  // nothing of the site runs the HA firmware (factory start)
  if (holders.size() != 1)
    problems.push_back("VIP held by " + std::to_string(holders.size()) + " boxes (" +
                       joined(holders) + ")");
  const std::string vip_holder = holders.size() == 1 ? holders.front() : "";
  std::map<std::string, std::vector<std::string>> primaries;  // app -> boxes
  std::set<std::uint64_t> generations;
  for (const auto* b : running) {
    for (const auto& [app, service] : b->agent->data_services()) {
      auto& list = primaries[app];
      if (service->role() == fw::DataRole::primary) list.push_back(b->box);
    }
    for (const auto& [app, service] : b->agent->volume_services()) {
      auto& list = primaries[app];
      if (service->primary()) list.push_back(b->box);
    }
    if (const auto* desired = b->agent->desired_state())
      generations.insert(desired->reconciler().generation());
  }
  for (const auto& [app, list] : primaries) {
    if (list.size() != 1)
      problems.push_back(app + ": " + std::to_string(list.size()) + " primaries (" + joined(list) +
                         ")");
    else if (!vip_holder.empty() && list.front() != vip_holder)
      problems.push_back(app + ": primary " + list.front() + " is not the VIP holder " +
                         vip_holder);
  }
  if (generations.size() > 1)
    problems.push_back("boxes applied different desired-state generations (" +
                       std::to_string(*generations.begin()) + " to " +
                       std::to_string(*generations.rbegin()) + ")");
}

}  // namespace

std::map<std::string, std::vector<std::string>> unconverged_sites(
    const std::vector<BoxAtEnd>& boxes,
    const std::map<std::string, std::vector<std::string>>& vip_holders) {
  std::map<std::string, std::vector<const BoxAtEnd*>> by_site;
  for (const auto& b : boxes) by_site[b.site].push_back(&b);
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [site, list] : by_site) {
    const auto it = vip_holders.find("vip." + site);
    std::vector<std::string> problems;
    check_site(list, it == vip_holders.end() ? std::vector<std::string>{} : it->second, problems);
    if (!problems.empty()) out[site] = std::move(problems);
  }
  return out;
}

std::vector<std::string> replicas_out_of_sync(const std::vector<BoxAtEnd>& boxes) {
  // (site, app) -> the primary's log end (last term, last index); then every other copy.
  using End = std::pair<std::uint64_t, std::uint64_t>;
  std::map<std::pair<std::string, std::string>, End> primary_end;
  for (const auto& b : boxes) {
    if (!b.powered || b.agent == nullptr) continue;
    for (const auto& [app, service] : b.agent->data_services())
      if (service->role() == fw::DataRole::primary)
        primary_end[{b.site, app}] = {service->log().last_term(), service->log().last_index()};
  }
  std::vector<std::string> out;
  for (const auto& b : boxes) {
    if (!b.powered || b.agent == nullptr) continue;
    for (const auto& [app, service] : b.agent->data_services()) {
      const auto primary = primary_end.find({b.site, app});
      if (primary == primary_end.end() || service->role() == fw::DataRole::primary) continue;
      const End end{service->log().last_term(), service->log().last_index()};
      if (end != primary->second) out.push_back(b.site + "/" + b.box + "/" + app);
    }
  }
  return out;
}

void add_sync_metrics(const std::vector<std::string>& out_of_sync, nlohmann::ordered_json& metrics) {
  metrics["replicas_out_of_sync"] = out_of_sync.size();
  nlohmann::ordered_json by_site = nlohmann::ordered_json::object();
  for (const auto& copy : out_of_sync) {
    const std::string site = copy.substr(0, copy.find('/'));
    by_site[site] = by_site.value(site, 0) + 1;
  }
  metrics["replicas_out_of_sync_by_site"] = by_site;
  metrics["replicas_out_of_sync_at"] = out_of_sync;
}

void add_convergence_metrics(const std::map<std::string, std::vector<std::string>>& unconverged,
                             nlohmann::ordered_json& metrics) {
  metrics["unconverged_sites"] = unconverged.size();
  nlohmann::ordered_json by_site = nlohmann::ordered_json::object();
  for (const auto& [site, problems] : unconverged) by_site[site] = problems;
  metrics["unconverged_by_site"] = by_site;
}

}  // namespace edgetwin::sim
