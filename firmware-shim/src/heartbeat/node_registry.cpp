#include "edgetwin/firmware/heartbeat/node_registry.hpp"

#include <cmath>
#include <string>
#include <utility>

namespace edgetwin::fw {
namespace {

double percent(double used, double capacity) {
  if (capacity <= 0) return 0;
  return std::round(used / capacity * 1000.0) / 10.0;  // one decimal, as the console shows
}

}  // namespace

NodeRegistry::NodeRegistry(Platform& platform, Duration offline_after)
    : platform_(platform), offline_after_(offline_after) {}

void NodeRegistry::enroll(const std::string& name, const std::string& site) {
  if (rows_.size() >= kNodesMax || rows_.contains(name)) return;
  NodeRow row;
  row.name = name;
  row.site = site;
  rows_.emplace(name, row);
}

void NodeRegistry::enroll_created(const std::string& name, const std::string& site) {
  enroll(name, site);
  if (auto it = rows_.find(name); it != rows_.end() && !it->second.ever_reported)
    it->second.status = "created";
}

void NodeRegistry::set_activation_status(const std::string& name, const std::string& status) {
  auto it = rows_.find(name);
  if (it == rows_.end()) return;
  it->second.last_update = platform_.now();
  set_status(it->second, status);
  // Running from its activation on: offline if its reports do not follow.
  if (status == "running") arm_offline(name);
  // Back to awaiting activation (a replaced box): its old box's silence is no news.
  if (status == "created" || status == "activating") {
    if (auto timer = offline_timer_.find(name); timer != offline_timer_.end()) {
      platform_.cancel(timer->second);
      offline_timer_.erase(timer);
    }
  }
}

void NodeRegistry::on_report(const NodeReport& r) {
  auto it = rows_.find(r.name);
  if (it == rows_.end()) return;  // not in the inventory: an unknown box is not trusted
  NodeRow& row = it->second;
  if (row.status == "created" || row.status == "activating") return;
  row.site = r.site;
  row.ip = r.ip;
  row.configuration = std::to_string(r.cpus) + "C/" + std::to_string(r.memory_gib) + "G/" +
                      std::to_string(r.ssd_gib) + "G";
  const double memory_mib = static_cast<double>(r.memory_gib) * 1024.0;
  row.cpu_request_pct = percent(r.cpu_request_milli / 1000.0, r.cpus);
  row.cpu_limit_pct = percent(r.cpu_limit_milli / 1000.0, r.cpus);
  row.memory_request_pct = percent(r.memory_request_mib, memory_mib);
  row.memory_limit_pct = percent(r.memory_limit_mib, memory_mib);
  row.last_update = platform_.now();
  row.ever_reported = true;
  set_status(row, "running");
  arm_offline(r.name);
}

void NodeRegistry::set_status(NodeRow& row, const std::string& status) {
  if (row.status == status) return;
  platform_.events().emit("node.status", {{"site", row.site},
                                          {"box", row.name},
                                          {"from", row.status},
                                          {"to", status},
                                          {"ip", row.ip},
                                          {"config", row.configuration},
                                          {"cpu_pct", {row.cpu_request_pct, row.cpu_limit_pct}},
                                          {"memory_pct",
                                           {row.memory_request_pct, row.memory_limit_pct}}});
  running_ += (status == "running" ? 1 : 0) - (row.status == "running" ? 1 : 0);
  const std::string from = std::exchange(row.status, status);
  if (status_observer_) status_observer_(row, from);
}

bool NodeRegistry::remove(const std::string& name) {
  auto it = rows_.find(name);
  if (it == rows_.end()) return false;
  if (it->second.status == "running") --running_;
  if (auto timer = offline_timer_.find(name); timer != offline_timer_.end()) {
    platform_.cancel(timer->second);
    offline_timer_.erase(timer);
  }
  rows_.erase(it);
  return true;
}

void NodeRegistry::arm_offline(const std::string& name) {
  auto [it, inserted] = offline_timer_.try_emplace(name, 0);
  platform_.cancel(it->second);
  it->second = platform_.after(offline_after_, [this, name] {
    offline_timer_[name] = 0;
    set_status(rows_.at(name), "offline");
  });
}

}  // namespace edgetwin::fw
