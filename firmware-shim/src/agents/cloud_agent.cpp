#include "edgetwin/firmware/agents/cloud_agent.hpp"

#include <algorithm>
#include <map>

#include "edgetwin/firmware/agents/boot_epoch.hpp"
#include "edgetwin/firmware/agents/witness_agent.hpp"
#include "edgetwin/firmware/base/invariant.hpp"
#include "edgetwin/firmware/orchestration/desired_messages.hpp"
#include "edgetwin/firmware/wire/byte_codec.hpp"
#include "edgetwin/firmware/wire/messages.hpp"

namespace edgetwin::fw {
namespace {

constexpr std::string_view kFirstBootKey = "cloud/first_boot";

}  // namespace

LeaseRoster lease_roster(const std::vector<CloudInventoryEntry>& inventory) {
  std::map<std::string, LeaseSite> sites;
  for (const auto& entry : inventory) {
    auto [it, inserted] =
        sites.try_emplace(entry.site, LeaseSite{entry.site, {}, entry.lease_max_ms});
    it->second.boxes.push_back(entry.name);
    it->second.lease_max_ms = std::min(it->second.lease_max_ms, entry.lease_max_ms);
  }
  LeaseRoster roster;
  for (auto& [name, site] : sites) roster.push_back(std::move(site));
  return roster;
}

namespace {

// The cloud's table of issued keys, shared by its inbox, its sealer and its activation service;
// a table the caller made (with the twin's preissued root) is kept.
WireKeys with_issued_table(WireKeys keys) {
  if (!keys.issued && keys.cloud_root)
    keys.issued = std::make_shared<IssuedCloudKeys>(keys.strength);
  return keys;
}

}  // namespace

CloudAgent::CloudAgent(Platform& platform, std::vector<CloudInventoryEntry> inventory,
                       Duration offline_after, ActivationServiceConfig activation, WireKeys keys)
    : CloudAgent(platform, std::move(inventory), offline_after, std::move(activation),
                 with_issued_table(std::move(keys)), 0) {}

CloudAgent::CloudAgent(Platform& platform, std::vector<CloudInventoryEntry> inventory,
                       Duration offline_after, ActivationServiceConfig activation, WireKeys keys,
                       int)
    : sealed_(platform, kCloudAddress.node, keys),
      issued_keys_(keys.issued),
      platform_(sealed_),
      inventory_(std::move(inventory)),
      inbox_(std::move(keys)),
      registry_(platform_, offline_after),
      leases_(platform_, lease_roster(inventory_)),
      activation_(platform_, registry_, std::move(activation)),
      audit_(platform_),
      alerts_(platform_, registry_, AlertConfig{.unreachable_after = offline_after}) {}

void CloudAgent::boot() {
  // Its counter restarts with its process: a new epoch keeps the boxes' replay windows from
  // refusing it (a crash and restart: fault cloud-crash).
  boot_epoch_ = advance_boot_epoch(platform_.disk());
  for (const auto& node : inventory_) {
    if (activation_.config().nodes_start_created) registry_.enroll_created(node.name, node.site);
    else registry_.enroll(node.name, node.site);
  }
  activation_.start(boot_epoch_);
  activation_.set_cloud_keys(issued_keys_);  // after enrolment: the registry names the nodes
  register_clusters();
  up_for_ = platform_.now() - first_boot(platform_.disk(), platform_.now());
  start_orchestration();
  start_rollouts();
  start_alerts();
  console_commands_.start(boot_epoch_);
}

// When this cloud first booted, kept on its disk: what it was told to do "at t" (a rollout's
// start, a scheduled operation) counts from there, not from its latest restart.
Time CloudAgent::first_boot(Disk& disk, Time now) {
  if (const auto stored = disk.read(kFirstBootKey)) {
    ByteReader r(*stored);
    const auto ns = static_cast<std::int64_t>(r.u64());
    if (r.ok() && r.at_end() && ns >= 0 && ns <= now.count_ns()) return Time::from_ns(ns);
  }
  ByteWriter w;
  w.u64(static_cast<std::uint64_t>(now.count_ns()));
  disk.write(kFirstBootKey, w.bytes(), Durability::synced);
  return now;
}

Duration CloudAgent::remaining(Duration after) const {
  return after > up_for_ ? after - up_for_ : Duration::zero();
}

// The scenario's rollout is the fleet plan, started as configured rather than by a console
// command (a later one goes through CloudConsole::rollout_start). After a restart, the latest
// rollout that had begun goes on from its record and the later ones keep their times.
void CloudAgent::start_rollouts() {
  std::vector<RolloutConfig> all;
  if (rollout_config_) all.push_back(*rollout_config_);
  all.insert(all.end(), later_rollouts_.begin(), later_rollouts_.end());
  std::size_t next = 0;
  for (std::size_t i = all.size(); i-- > 0;) {
    if (!RolloutController::persisted(platform_.disk(), all[i].id)) continue;
    rollout_ = std::make_unique<RolloutController>(platform_, all[i], boot_epoch_);
    wire_rollout();  // before it goes on: resuming may settle a site at once
    if (!rollout_->resume_from_disk()) rollout_->start();  // a damaged record: from the start
    next = i + 1;
    break;
  }
  if (!rollout_ && rollout_config_) {
    RolloutConfig first = *rollout_config_;
    first.start_after = remaining(first.start_after);
    create_rollout(std::move(first));
    wire_rollout();
    next = 1;
  }
  for (std::size_t i = next; i < all.size(); ++i)
    platform_.after(remaining(all[i].start_after),
                    [this, later = all[i]] { start_later_rollout(later); });
}

// A later rollout is the console's command, authorized like one, and said as one since nobody
// reads the console's answer.
void CloudAgent::start_later_rollout(RolloutConfig config) {
  config.start_after = Duration::zero();
  const std::uint32_t id = config.id;
  const ConsoleResult why = console_.rollout_start(cluster_owner(), std::move(config));
  platform_.events().emit("rollout.command", {{"actor", cluster_owner()},
                                              {"command", to_string(Command::rollout_start)},
                                              {"rollout", id},
                                              {"outcome", why ? "refused" : "accepted"},
                                              {"why", why.value_or("")}});
}

RolloutController* CloudAgent::rollout_by_id(std::uint32_t id) {
  if (rollout_ && rollout_->config().id == id) return rollout_.get();
  for (const auto& ended : ended_rollouts_)
    if (ended->config().id == id) return ended.get();
  return nullptr;
}

// Every site is a cluster, owned by the account that created it.
void CloudAgent::register_clusters() {
  const std::string& owner = cluster_owner();
  for (const auto& node : inventory_) authorization_.add_cluster(node.site, owner);
  if (orchestration_config_)
    for (const SiteApps& site : orchestration_config_->sites)
      authorization_.add_cluster(site.name, owner);
}

void CloudAgent::start_rollout(RolloutConfig config) {
  create_rollout(std::move(config));
  wire_rollout();
}

void CloudAgent::create_rollout(RolloutConfig config) {
  if (rollout_) ended_rollouts_.push_back(std::move(rollout_));
  rollout_ = std::make_unique<RolloutController>(platform_, std::move(config), boot_epoch_);
  rollout_->start();
}

void CloudAgent::wire_rollout() {
  // Each rollout's callbacks name its own images: an ended one may still be rolling back.
  RolloutController* rollout = rollout_.get();
  // A site the rollout made ready has the new images on its boxes: its apps switch to them.
  if (orchestrator_) {
    rollout_->on_site_switch([this, rollout](const std::string& site) {
      orchestrator_->on_rollout_site(site, rollout->config().images);
    });
    // The soak judges the switched apps by what the boxes report of them (app_orchestrator.hpp).
    rollout_->on_site_health(
        [this](const std::string& site, const std::vector<ImageRef>& images, bool new_versions) {
          return orchestrator_->not_steady(site, images, new_versions);
        });
    rollout_->on_site_rollback([this, rollout](const std::string& site) {
      orchestrator_->roll_back_rollout_site(site, rollout->config().images);
    });
  }
  rollout_->on_pause_change(
      [this](bool paused, const std::string& why) { alerts_.on_rollout_pause(paused, why); });
  rollout_->on_site_activated_query([this](const std::string& site) { return site_activated(site); });
}

// Every box of the site has been through activation (running, or offline since): a first
// deployment may order it (RolloutConfig::await_activation).
bool CloudAgent::site_activated(const std::string& site) const {
  bool any = false;
  for (const auto& node : inventory_) {
    if (node.site != site) continue;
    const auto row = registry_.rows().find(node.name);
    if (row == registry_.rows().end()) return false;
    if (row->second.status == "created" || row->second.status == "activating") return false;
    any = true;
  }
  return any;
}

void CloudAgent::start_alerts() {
  registry_.on_status_change([this](const NodeRow& row, const std::string& from) {
    alerts_.on_node_status(row, from);
    if (from == "activating" && rollout_ && site_activated(row.site))
      rollout_->site_activated(row.site);
    // A generic node that ran its start script joins its site's cluster.
    if (from == "activating" && row.status == "running" && orchestrator_)
      orchestrator_->on_node_running(row.name, row.site);
    if (from == "running" && row.status == "offline" && orchestrator_)
      orchestrator_->on_node_offline(row.name);
  });
}

// A box reports for itself only; the answer lets it stop re-sending an unchanged snapshot.
void CloudAgent::on_condition_report(const Address& from, const Envelope& env) {
  const auto report = ConditionReport::decode(env.payload);
  if (!report) {
    inbox_.count_bad_payload();
    return;
  }
  // A stale one is acknowledged too: the box only acts on the acknowledgement of its latest.
  if (alerts_.on_condition_report(from.node, env.sender_epoch, *report) ==
      ConditionVerdict::untrusted)
    return;
  platform_.send(from, Channel::firmware, encode_envelope(MessageType::condition_ack, boot_epoch_,
                                                          ConditionAck{report->seq}.encode()));
}

void CloudAgent::start_orchestration() {
  if (!orchestration_config_) return;
  orchestrator_ = std::make_unique<AppOrchestrator>(platform_, *orchestration_config_, registry_,
                                                    audit_, authorization_);
  orchestrator_->start(boot_epoch_);
  // A scheduled operation is the console's, run as its actor (authorized like any other). An
  // init-capture: clang 14 (the fuzz build) cannot capture a structured binding.
  // After a restart, the operations whose time passed are not run again.
  for (const auto& [after, op] : scheduled_)
    if (after >= up_for_)
      platform_.after(remaining(after), [this, op = op] { console_.operate(op); });
}

bool CloudAgent::on_deploy_status(const Address& from, std::span<const std::byte> payload) {
  const auto status = DeployStatus::decode(payload);
  if (!status) return false;
  RolloutController* rollout = rollout_by_id(status->rollout);
  return rollout != nullptr && rollout->on_status(from, *status);
}

void CloudAgent::on_datagram(const Address& from, Channel channel,
                             std::span<const std::byte> datagram) {
  if (channel != Channel::firmware) return;  // the cloud speaks no VRRP
  auto env = inbox_.accept(from, datagram, platform_.now());
  if (!env) return;
  if (env->type == MessageType::lease_request) {
    if (!answer_lease_request(platform_, from, boot_epoch_, env->payload,
                              [this, e = env->sender_epoch](const LeaseRequest& r) {
                                return leases_.on_request(r, e);
                              }))
      inbox_.count_bad_payload();
    return;
  }
  if (env->type == MessageType::lease_release) {
    if (!leases_.on_release_from(from, env->sender_epoch, env->payload)) inbox_.count_bad_payload();
    return;
  }
  if (env->type == MessageType::activation_request || env->type == MessageType::activation_done) {
    const bool ok = env->type == MessageType::activation_request
                        ? activation_.on_request(from, env->payload)
                        : activation_.on_done(from, env->payload);
    if (!ok) inbox_.count_bad_payload();
    return;
  }
  if (env->type == MessageType::desired_status) {
    // A cloud that manages no apps has nothing to do with a well-formed status.
    const bool ok = orchestrator_ ? orchestrator_->on_status(from, env->payload)
                                  : DesiredStatus::decode(env->payload).has_value();
    if (!ok) inbox_.count_bad_payload();
    return;
  }
  if (env->type == MessageType::deploy_status) {
    if (!on_deploy_status(from, env->payload)) inbox_.count_bad_payload();
    return;
  }
  if (env->type == MessageType::condition_report) return on_condition_report(from, *env);
  if (env->type == MessageType::console_result) {
    if (!console_commands_.on_answer(from, env->payload)) inbox_.count_bad_payload();
    return;
  }
  if (env->type != MessageType::node_report) {
    inbox_.count_bad_payload();
    return;
  }
  auto report = NodeReport::decode(env->payload);
  if (!report || report->name != from.node) {  // a box reports for itself only
    inbox_.count_bad_payload();
    return;
  }
  registry_.on_report(*report);
  alerts_.on_node_report(*report);
  console_commands_.on_heard(from.node);  // back in touch: its pending commands go out now
  platform_.send(from, Channel::firmware, encode_envelope(MessageType::cloud_ack, boot_epoch_,
                                       CloudAck{report->seq}.encode()));
}

void CloudAgent::check_invariants() const { alerts_.check_invariants(); }

AgentStats CloudAgent::stats() const {
  AgentStats s;
  s.inboxes.push_back(inbox_.stats());
  return s;
}

}  // namespace edgetwin::fw
