#include "edgetwin/sim/workloads/writes_workload.hpp"

#include <algorithm>
#include <cmath>

#include "edgetwin/firmware/data/replication_messages.hpp"
#include "edgetwin/firmware/wire/wire.hpp"
#include "edgetwin/sim/engine/fleet_platform.hpp"

namespace edgetwin::sim {
namespace {

using Json = nlohmann::json;

bool names_site(const Json& sites, const std::string& site) {
  if (sites.is_string()) return sites == "all" || sites == site;
  if (sites.is_array())
    return std::any_of(sites.begin(), sites.end(), [&](const Json& s) { return s == site; });
  return false;
}

bool runs_app(const model::Fleet& fleet, const model::Site& site, const std::string& app) {
  const auto& apps = fleet.systems.at(site.system);
  return std::find(apps.begin(), apps.end(), app) != apps.end();
}

// Clients wait at least as long as a semi-sync primary may hold a write, plus a margin.
fw::Duration default_timeout(const model::Fleet& fleet) {
  return fw::Duration::milliseconds(std::max(5000, fleet.ha.semi_sync_timeout_ms + 5000));
}

}  // namespace

std::vector<WritesWorkload> writes_workloads(const model::Scenario& scenario) {
  std::map<std::pair<std::string, std::string>, WritesWorkload> by_site_app;
  for (const Json& spec : scenario.workloads) {
    if (spec.value("kind", "") != "writes") continue;
    const std::string app = spec.value("app", "");
    const Json sites = spec.value("sites", Json("all"));
    for (const auto& site : scenario.fleet.sites) {
      if (!names_site(sites, site.name) || !runs_app(scenario.fleet, site, app)) continue;
      WritesWorkload w;
      w.site = site.name;
      w.app = app;
      w.rate_per_s = spec.value("rate_per_s", 1.0);
      w.read_fraction = spec.value("read_fraction", 0.2);
      w.timeout = spec.contains("timeout_ms")
                      ? fw::Duration::milliseconds(spec["timeout_ms"].get<int>())
                      : default_timeout(scenario.fleet);
      w.from_s = spec.value("from_s", 10.0);
      const double drain_s = w.timeout.to_seconds() + 5;
      w.until_s = spec.value("until_s", std::max(w.from_s, scenario.duration_s - drain_s));
      by_site_app[{w.site, w.app}] = w;  // a later workload for the same pair replaces it
    }
  }
  std::vector<WritesWorkload> out;
  for (auto& [key, w] : by_site_app) out.push_back(std::move(w));
  return out;
}

nlohmann::ordered_json Operation::to_json() const {
  nlohmann::ordered_json j{{"site", site},       {"app", app},         {"op", kind},
                           {"request", request}, {"value", value},     {"invoke_s", invoke_s},
                           {"outcome", outcome}};
  if (complete_s >= 0) j["complete_s"] = complete_s;
  if (!status.empty()) j["status"] = status;
  if (!box.empty()) j["box"] = box;
  if (outcome == "ok") {
    j["term"] = term;
    j["index"] = index;
  }
  return j;
}

std::size_t History::add(Operation op) {
  ops_.push_back(std::move(op));
  return ops_.size() - 1;
}

WritesClient::WritesClient(fw::Platform& platform, std::string name, fw::WireKeys keys,
                           std::vector<WritesWorkload> workloads, History& history)
    : sealed_(platform, std::move(name), keys),
      platform_(sealed_),
      inbox_(std::move(keys)),
      workloads_(std::move(workloads)),
      history_(history) {}

void WritesClient::boot() {
  for (std::size_t i = 0; i < workloads_.size(); ++i) {
    const auto start = fw::Time::from_seconds(workloads_[i].from_s);
    platform_.after(std::max(fw::Duration::zero(), start - platform_.now()), [this, i] { tick(i); });
  }
}

void WritesClient::tick(std::size_t i) {
  const WritesWorkload& w = workloads_[i];
  if (platform_.now().to_seconds() >= w.until_s) return;
  invoke(w, platform_.rng().uniform01() < w.read_fraction);
  // Open loop with exponential gaps (a Poisson stream), as many independent app instances.
  const double gap_s = -std::log(1.0 - platform_.rng().uniform01()) / w.rate_per_s;
  platform_.after(fw::Duration::nanoseconds(static_cast<std::int64_t>(gap_s * 1e9)),
                  [this, i] { tick(i); });
}

void WritesClient::invoke(const WritesWorkload& w, bool read) {
  if (history_.full() || outstanding_.size() >= kOutstandingMax) return;
  Operation op;
  op.site = w.site;
  op.app = w.app;
  op.kind = read ? "read" : "write";
  op.request = next_request_++;
  op.value = read ? 0 : op.request;  // unique: requests are never reused at a site
  op.invoke_s = platform_.now().to_seconds();
  const std::size_t at = history_.add(op);
  const fw::Bytes payload = read ? fw::DataRead{w.app, op.request, 0}.encode()
                                 : fw::DataWrite{w.app, op.request, op.value, 0}.encode();
  const auto type = read ? fw::MessageType::data_read : fw::MessageType::data_write;
  const std::uint64_t request = op.request;
  const fw::TimerId timeout = platform_.after(w.timeout, [this, request] { outstanding_.erase(request); });
  outstanding_[request] = {at, timeout};
  platform_.send({"vip." + w.site}, fw::Channel::firmware, fw::encode_envelope(type, 1, payload));
}

void WritesClient::on_datagram(const fw::Address& from, fw::Channel,
                               std::span<const std::byte> datagram) {
  auto env = inbox_.accept(from, datagram, platform_.now());
  if (!env) return;
  const auto& e = *env;
  if (e.type == fw::MessageType::data_write_reply) {
    if (auto r = fw::DataWriteReply::decode(e.payload))
      complete(r->request, from.node, std::string(fw::to_string(r->status)), r->term, r->index, 0);
  } else if (e.type == fw::MessageType::data_read_reply) {
    if (auto r = fw::DataReadReply::decode(e.payload))
      complete(r->request, from.node, std::string(fw::to_string(r->status)), r->term, r->index,
               r->value);
  }
}

// An answer after the timeout finds nothing outstanding: the client has given up, the
// operation stays unknown.
void WritesClient::complete(std::uint64_t request, const std::string& box, const std::string& status,
                            std::uint64_t term, std::uint64_t index, std::uint64_t value) {
  auto it = outstanding_.find(request);
  if (it == outstanding_.end()) return;
  Operation& op = history_.at(it->second.first);
  platform_.cancel(it->second.second);
  outstanding_.erase(it);
  op.complete_s = platform_.now().to_seconds();
  op.outcome = status == "ok" ? "ok" : "fail";
  op.status = status;
  op.box = box;
  op.term = term;
  op.index = index;
  if (op.kind == "read") op.value = value;
}

}  // namespace edgetwin::sim
