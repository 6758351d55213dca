#include "edgetwin/firmware/agents/box_agent.hpp"

#include "edgetwin/firmware/agents/boot_epoch.hpp"
#include "edgetwin/firmware/base/invariant.hpp"
#include "edgetwin/firmware/ha/lease_server.hpp"
#include "edgetwin/firmware/wire/byte_codec.hpp"

namespace edgetwin::fw {

BoxAgent::BoxAgent(Platform& platform, BoxConfig config)
    : sealed_(platform, config.name, config.keys),
      platform_(sealed_),
      config_(std::move(config)),
      inbox_(config_.keys) {}

std::uint32_t BoxAgent::next_boot_epoch() { return advance_boot_epoch(platform_.disk()); }

void BoxAgent::boot() {
  boot_epoch_ = next_boot_epoch();
  platform_.events().emit("box.boot", {{"epoch", boot_epoch_}});
  peers_ = std::make_unique<PeerMonitor>(platform_, config_, boot_epoch_);
  cloud_ = std::make_unique<CloudLink>(platform_, config_, boot_epoch_);
  health_ = std::make_unique<HealthMonitor>(platform_, config_.health);
  conditions_ =
      std::make_unique<ConditionTracker>(platform_, config_, boot_epoch_, *health_, data_);
  if (config_.failover) failover_ = std::make_unique<ServiceFailover>(platform_, *config_.failover);
  peers_->on_verdict([this](const std::string& peer, PeerState state) {
    if (!failover_) return;
    if (state == PeerState::down) failover_->on_peer_down(peer);
    if (state == PeerState::up) failover_->on_peer_up(peer);
  });
  start_data_services();
  if (config_.ha.enabled) start_ha();
  update_data_roles();
  DeployAgentConfig deploy;
  deploy.name = config_.name;
  deploy.peers = config_.peers;
  deploy.disk_bytes_per_s = config_.disk_bytes_per_s;
  if (config_.pull_retry_base) deploy.retry_base = *config_.pull_retry_base;
  deploy.peer_up = [this](const std::string& peer) {
    return peers_->state_of(peer) == PeerState::up;
  };
  deploy_ = std::make_unique<DeployAgent>(platform_, std::move(deploy), boot_epoch_);
  deploy_->boot();
  start_desired_state();
  peers_->start();
  cloud_->start();
  health_->start();
  conditions_->start();
}

// The cloud's desired state: this box's containers go to the reconciler, the site's placement
// to the failover plan. The health monitor owns restarts of crashed containers (one restarter,
// never two), and a container the failover evicted for a dead peer's critical replica stays
// stopped until the giveback.
void BoxAgent::start_desired_state() {
  DesiredStateAgentConfig c;
  c.name = config_.name;
  c.site = config_.site;
  c.cloud = config_.cloud;
  c.report_every = config_.timing.cloud_interval;
  c.reconciler.restart_failed = false;
  if (config_.failover) c.reconciler.capacity = config_.failover->capacity;
  c.reconciler.held = [this](const std::string& container) {
    return failover_ && failover_->is_evicted(container);
  };
  c.ready = [this](const std::string& container) { return health_->ready(container); };
  c.peers_down = [this] {
    std::vector<std::string> down;
    for (const auto& peer : config_.peers)
      if (peers_->state_of(peer.node) == PeerState::down) down.push_back(peer.node);
    return down;
  };
  c.on_placement = [this](const std::map<std::string, std::vector<ContainerSpec>>& placement) {
    if (failover_) failover_->set_placement(placement);
  };
  desired_ = std::make_unique<DesiredStateAgent>(platform_, std::move(c), boot_epoch_);
  desired_->start();
}

// VRRP decides who should be master; the lease decides whether that master may hold the VIP;
// the health of critical containers moves the priority (keepalived track_script).
void BoxAgent::start_ha() {
  const VrrpConfig& vrrp = config_.ha.vrrp;
  vrrp_ = std::make_unique<VrrpInstance>(platform_, vrrp, boot_epoch_);
  LeaseConfig lease;
  lease.required = config_.ha.witness.has_value();
  lease.site = config_.site;
  lease.self = config_.name;
  lease.boot_epoch = boot_epoch_;
  lease.grantors = config_.peers;
  lease.witness = config_.ha.witness;
  // Renewed once per advert interval from the peer, and from the witness when the peer's grant
  // is missing; a grantor that did not answer is asked again a quarter interval later: a lease
  // lapses only if a grantor misses four requests in a row, or both miss the same ones. It
  // cannot last longer than two intervals (vip_lease.hpp).
  lease.duration = vrrp.advert_interval * 2;
  lease.renew_every = vrrp.advert_interval;
  lease.retry_after = vrrp.advert_interval / 4;
  // The VIP's lifetime on the platform is the lease's end, refreshed at every renewal: a
  // firmware that stalls loses the VIP when its lease ends, as one that runs does.
  lease_ = std::make_unique<VipLease>(platform_, lease, [this](bool permitted) {
    vrrp_->set_vip_permitted(permitted, lease_->valid_until());
    update_data_roles();
  });
  vrrp_->set_vip_permitted(lease_->permitted(), lease_->valid_until());
  vrrp_->on_state_change([this](VrrpState s) {
    conditions_->on_vrrp_state(*vrrp_, s);
    lease_->want(s == VrrpState::master);
    update_data_roles();
  });
  // A data replica that has not caught up must not preempt with a stale log: it counts as
  // unhealthy for VRRP until it holds the primary's whole log. One that may not promote at all
  // (a new disk), or whose peer holds a longer log, takes the lowest priority: the VIP elects
  // the data primary, so the VIP must go to the box with the data.
  for (auto& [app, service] : data_) {
    const std::string source = "data:" + app;
    auto weigh = [this, source, svc = service.get()] {
      const int weight = svc->yields_vip() ? -kVrrpTrackWeightMax
                         : svc->in_sync()  ? 0
                                           : config_.ha.track_weight;
      vrrp_->set_priority_adjust(source, weight);
    };
    weigh();
    service->on_standing_change(weigh);
  }
  health_->on_health_change([this](bool healthy) {
    vrrp_->set_priority_adjust("health", healthy ? 0 : config_.ha.track_weight);
  });
  // The cloud link is deliberately not tracked: both boxes of a site share the WAN, and they
  // notice its loss (or a cloud outage) up to a report interval apart, so tracking it moved
  // every site's VIP twice during a cloud outage in the 400-site rehearsal, for no gain.
  vrrp_->start();
}

// A peer grants this box's lease only while it is a backup following this box's adverts, and
// never past the instant it could itself take over (peer_grants.hpp). It records the grant and
// fences its own VIP until the grant ends: whatever VRRP decides meanwhile, the holder may keep
// the VIP that long (issue 16, item 1).
void BoxAgent::grant_peer_lease(const Address& from, std::uint32_t epoch,
                                std::span<const std::byte> payload) {
  auto grant = [&](const LeaseRequest& r) {
    LeaseReply reply{config_.site, r.requester, r.seq, false, 0};
    if (vrrp_->state() == VrrpState::master) {
      reply.holder = config_.name;
      return reply;
    }
    if (r.site != config_.site) return reply;
    // Only adverts that passed every check (checksum, VRID, authentication) count as heard.
    const Duration d = peer_grant_duration(*vrrp_, from, Duration::milliseconds(r.duration_ms),
                                           config_.ha.vrrp.advert_interval * 2, platform_.now());
    const std::int64_t ms = d.count_ns() / 1'000'000;  // rounded down: never past the bound
    if (ms <= 0) return reply;
    const Time until = platform_.now() + Duration::milliseconds(ms);
    peer_grants_.record(r.requester, until, epoch, r.seq);
    lease_->fence_until(until);
    reply.granted = true;
    reply.duration_ms = static_cast<std::uint32_t>(ms);
    return reply;
  };
  if (!answer_lease_request(platform_, from, boot_epoch_, payload, grant)) inbox_.count_bad_payload();
}

// The peer this box granted a lease stepped down cleanly: its grant (and this box's fence) ends
// now, unless the release is older than the grant (replayed, or re-sealed by a site member) or
// names another box's lease (peer_grants.hpp).
void BoxAgent::take_peer_release(std::uint32_t epoch, const LeaseRelease& release) {
  if (release.site != config_.site || !peer_grants_.release(release.holder, epoch, release.seq)) {
    ++releases_ignored_;
    return;
  }
  ++releases_honoured_;
  platform_.events().emit("lease.released", {{"site", release.site}, {"holder", release.holder}});
  lease_->lift_fence(peer_grants_.running_until(platform_.now()).value_or(platform_.now()));
}

void BoxAgent::start_data_services() {
  for (DataServiceConfig c : config_.data) {
    c.boot_epoch = boot_epoch_;
    const std::string app = c.app;
    data_[app] = std::make_unique<DataService>(platform_, std::move(c));
  }
  for (VolumeConfig c : config_.volumes) {
    c.boot_epoch = boot_epoch_;
    const std::string app = c.app;
    volumes_[app] = std::make_unique<VolumeDataService>(platform_, std::move(c));
  }
  for (const auto& [app, service] : data_) data_in_order_.push_back(service.get());
}

// The data primary follows the VIP: it is on the box that holds it (a one-box site always).
void BoxAgent::update_data_roles() {
  const bool held = vrrp_ ? vrrp_->holds_vip() : true;
  for (auto& [app, service] : data_) service->set_vip_held(held);
  for (auto& [app, service] : volumes_) service->set_vip_held(held);
}

bool BoxAgent::on_data_message(const Address& from, const Envelope& env) {
  const auto app = DataService::app_of(env.payload);
  if (!app) return false;
  if (auto it = data_.find(*app); it != data_.end()) return it->second->on_message(from, env);
  auto it = volumes_.find(*app);
  return it != volumes_.end() && it->second->on_message(from, env);
}

EdgeConsole& BoxAgent::edge_console() {
  if (!edge_console_)
    edge_console_ =
        std::make_unique<EdgeConsole>(platform_, PasswordHasher{config_.console_hash_cost});
  return *edge_console_;
}

// The cloud's command for this box: run once, whatever the number of times it arrives (the
// cloud re-sends it until it hears the answer), and answered every time it arrives.
bool BoxAgent::on_console_command(const Address& from, std::span<const std::byte> payload) {
  const auto command = ConsoleCommand::decode(payload);
  if (!command || from != config_.cloud || command->node != config_.name) return false;
  if (!console_ledger_) console_ledger_ = std::make_unique<ConsoleCommandLedger>(platform_.disk());
  ConsoleCommandResult answer;
  if (const ConsoleCommandResult* done = console_ledger_->find(command->id)) {
    ++console_commands_repeated_;
    answer = *done;
  } else if (console_ledger_->stale(command->id)) {
    answer = {command->id, ConsoleOutcome::refused, "a stale command"};
  } else {
    answer = run_console_command(*command);
    console_ledger_->record(answer);
  }
  platform_.send(from, Channel::firmware,
                 encode_envelope(MessageType::console_result, boot_epoch_, answer.encode()));
  return true;
}

ConsoleCommandResult BoxAgent::run_console_command(const ConsoleCommand& command) {
  ++console_commands_run_;
  // The cloud authorized it (and audited that); the box keeps who asked, by the cloud's word.
  audit_.record({platform_.now(), command.actor, command.cluster, "password_reset",
                 config_.name + " (cloud command " + std::to_string(command.id) + ")", true, ""});
  const EdgeConsoleResult why = edge_console().reset_from_cloud();
  if (why) return {command.id, ConsoleOutcome::refused, *why};
  return {command.id, ConsoleOutcome::applied, ""};
}

void BoxAgent::shutdown() {
  if (vrrp_) vrrp_->shutdown();
  if (!lease_) return;
  EDGETWIN_ASSERT(!vrrp_->holds_vip(), "a lease is released only once the VIP is off");
  lease_->release();
}

void BoxAgent::on_datagram(const Address& from, Channel channel,
                           std::span<const std::byte> datagram) {
  if (!peers_) return;
  if (channel == Channel::vrrp) {
    if (vrrp_) vrrp_->on_packet(from, datagram);
    return;
  }
  if (auto env = inbox_.accept(from, datagram, platform_.now())) on_firmware_message(from, *env);
}

void BoxAgent::on_firmware_message(const Address& from, const Envelope& env) {
  switch (env.type) {
    case MessageType::peer_heartbeat:
      if (auto m = PeerHeartbeat::decode(env.payload); m && m->from == from.node) {
        peers_->on_heartbeat(*m);
        return;
      }
      break;
    case MessageType::condition_ack:
      if (auto m = ConditionAck::decode(env.payload); m && from == config_.cloud) {
        conditions_->on_ack(*m);
        return;
      }
      break;
    case MessageType::condition_report:
      break;  // boxes do not take reports
    case MessageType::cloud_ack:
      if (auto m = CloudAck::decode(env.payload); m && from == config_.cloud) {
        const bool was_connected = cloud_->connected();
        cloud_->on_ack(*m);
        // Back in touch after an outage: the cloud may have changed the apps meanwhile.
        if (!was_connected && cloud_->connected()) desired_->report_now();
        return;
      }
      break;
    case MessageType::lease_request:
      if (vrrp_) {
        grant_peer_lease(from, env.sender_epoch, env.payload);
        return;
      }
      break;
    case MessageType::lease_release:
      // Its own lease only: a site member cannot end another's grant in its name.
      if (auto m = LeaseRelease::decode(env.payload); m && m->holder == from.node && lease_) {
        take_peer_release(env.sender_epoch, *m);
        return;
      }
      break;
    case MessageType::lease_reply:
      if (auto m = LeaseReply::decode(env.payload); m && lease_) {
        lease_->on_reply(from, *m);
        return;
      }
      break;
    case MessageType::deploy_order:
      if (deploy_->on_order(from, env.payload)) return;
      break;
    case MessageType::deploy_status:
      if (deploy_->on_status(from, env.payload)) return;
      break;
    case MessageType::node_report:
      break;  // boxes do not take reports
    case MessageType::repl_append:
    case MessageType::repl_ack:
    case MessageType::data_write:
    case MessageType::data_read:
      if (on_data_message(from, env)) return;
      break;
    case MessageType::data_write_reply:
    case MessageType::data_read_reply:
      if (on_data_message(from, env)) return;  // a NAS volume's answers
      break;
    case MessageType::activation_request:
    case MessageType::activation_done:
    case MessageType::activation_reply:
      break;  // activation is over once this agent runs (activation_box_agent.hpp)
    case MessageType::desired_state:
      if (desired_->on_message(from, env.payload)) return;
      break;
    case MessageType::desired_chunk:
      if (desired_->on_chunk(from, env.payload)) return;
      break;
    case MessageType::desired_status:
      break;  // boxes do not take the cloud's reports
    case MessageType::console_command:
      if (on_console_command(from, env.payload)) return;
      break;
    case MessageType::console_result:
      break;  // boxes do not take the answers to the cloud's commands
  }
  inbox_.count_bad_payload();
}

// What nearly every wake-up touches: the HA components (adverts, lease renewals, heartbeats),
// and the data services whose invariants are checked after every event.
void BoxAgent::prefetch() const {
  __builtin_prefetch(vrrp_.get());
  __builtin_prefetch(lease_.get());
  __builtin_prefetch(peers_.get());
  for (const DataService* service : data_in_order_) __builtin_prefetch(service);
}

// Its components' invariants, and those that only the composition can state: the VIP is held
// only by a master whose lease (from the peer or the witness) is valid, and never while a lease
// this box granted its peer still runs.
void BoxAgent::check_invariants() const {
  if (vrrp_) vrrp_->check_invariants();
  if (lease_) {
    lease_->check_invariants();
    EDGETWIN_ASSERT(!vrrp_->holds_vip() || lease_->permitted(),
                    "the VIP is held only while the lease is valid");
    EDGETWIN_ASSERT(
        !config_.ha.witness || !vrrp_->holds_vip() || !peer_grants_.running_until(platform_.now()),
        "a box never holds the VIP while a lease it granted its peer runs");
  }
  for (const DataService* service : data_in_order_) service->check_invariants();
}

AgentStats BoxAgent::stats() const {
  AgentStats s;
  s.inboxes.push_back(inbox_.stats());
  if (vrrp_) {
    s.vrrp = vrrp_->stats();
    s.vrrp_state = vrrp_->state();
    s.vip_held = vrrp_->holds_vip();
  }
  if (lease_) {
    s.lease = lease_->stats();
    s.lease->releases_honoured = releases_honoured_;
    s.lease->releases_ignored = releases_ignored_;
  }
  if (peers_) s.peers = peers_->stats();
  if (health_) s.container_restarts = health_->restarts();
  for (const auto& [app, service] : data_) s.data[app] = service->counters();
  return s;
}

}  // namespace edgetwin::fw
