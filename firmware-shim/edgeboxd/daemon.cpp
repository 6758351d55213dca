#include "daemon.hpp"

#include <array>
#include <csignal>
#include <cstdio>

#include "edgetwin/firmware/activation/cloud_key_enrolment.hpp"
#include "edgetwin/firmware/base/invariant.hpp"

namespace edgetwin::edgeboxd {
namespace {

// SIGTERM/SIGINT: clean stop; SIGCHLD: a container exited; SIGUSR1: report the counters.
constexpr std::array<int, 4> kSignals{SIGTERM, SIGINT, SIGCHLD, SIGUSR1};

// The cloud-link key `edgeboxd setup` received at activation (state_dir) replaces a configured
// one: the cloud accepts nothing else from this box after its activation.
fw::BoxConfig with_issued_cloud_key(fw::Disk& disk, fw::BoxConfig box) {
  if (auto issued = fw::load_issued_cloud_key(disk)) box.keys.cloud = *issued;
  return box;
}

}  // namespace

void Daemon::block_signals() { linux_box::SignalChannel::block(kSignals); }

Daemon::Daemon(DaemonConfig config)
    : config_(std::move(config)),
      platform_(config_.platform),
      driver_(*(agent_ = config_.role == Role::box
                             ? std::unique_ptr<fw::NodeAgent>(new fw::BoxAgent(
                                   platform_, with_issued_cloud_key(platform_.disk(), config_.box)))
                             : std::unique_ptr<fw::NodeAgent>(new fw::WitnessAgent(
                                   platform_, config_.platform.name, config_.box.keys, config_.roster))),
              platform_.timers()) {
  if (config_.role == Role::box) box_ = static_cast<fw::BoxAgent*>(agent_.get());
  if (config_.role == Role::witness) witness_ = static_cast<fw::WitnessAgent*>(agent_.get());
  signals_ = std::make_unique<linux_box::SignalChannel>(loop_, kSignals,
                                                        [this](int signal) { on_signal(signal); });
  platform_.watch(loop_, [this](fw::Datagram d) { deliver(std::move(d)); });
}

Daemon::~Daemon() = default;

// The firmware decodes defensively and reports bad input as values; an exception here would
// be a firmware bug. The box keeps running (its VRRP and leases matter more than one
// datagram), and the error is reported rather than hidden. A broken invariant is different:
// the box's state cannot be trusted (it may hold a VIP it must not), so the daemon reports it
// and exits, and its supervisor restarts it from what its disk kept.
//
// Timers that fell due while the loop was not running (SIGSTOP, swap, a slow fsync) run first,
// as they would have run before this datagram arrived: a lease that ended meanwhile is let go
// before anything else happens, instead of being seen as held past its end (an invariant).
void Daemon::deliver(fw::Datagram datagram) {
  try {
    driver_.fire_due(platform_.now());
    driver_.step(platform_.now(), std::move(datagram));
  } catch (const fw::InvariantViolation& e) {
    platform_.events().emit("edgeboxd.invariant", {{"error", e.what()}});
    throw;
  } catch (const std::exception& e) {
    ++firmware_errors_;
    platform_.events().emit("edgeboxd.error", {{"error", e.what()}});
  }
}

void Daemon::on_signal(int signal) {
  switch (signal) {
    case SIGCHLD:
      platform_.processes().reap();
      break;
    case SIGUSR1:
      platform_.events().emit("edgeboxd.counters", counters());
      break;
    case SIGTERM:
      stop("TERM");
      break;
    case SIGINT:
      stop("INT");
      break;
    default:
      break;
  }
}

void Daemon::stop(const char* signal) {
  if (stopping_) return;
  stopping_ = true;
  if (box_) box_->shutdown();  // priority 0 advert, VIP released
  data_.reset();               // its jobs killed before the servers stop
  platform_.processes().stop_all();
  if (auto* vip = platform_.vip()) vip->release_all();
  platform_.events().emit("edgeboxd.counters", counters());
  platform_.events().emit("edgeboxd.stop", {{"signal", signal}});
}

nlohmann::ordered_json Daemon::counters() const {
  const auto& t = platform_.counters();
  nlohmann::ordered_json out{{"udp_received", t.udp_received},
                             {"udp_unknown_sender", t.udp_unknown_sender},
                             {"udp_oversize", t.udp_oversize},
                             {"vrrp_received", t.vrrp_received},
                             {"vrrp_bad_ip_header", t.vrrp_bad_ip_header},
                             {"vrrp_bad_ttl", t.vrrp_bad_ttl},
                             {"vrrp_unknown_sender", t.vrrp_unknown_sender},
                             {"send_unroutable", t.send_unroutable},
                             {"send_errors", t.send_errors},
                             {"disk_write_errors", platform_.file_disk().write_errors()},
                             {"firmware_errors", firmware_errors_}};
  // The firmware's own statistics, the struct the twin reads (agent_stats.hpp).
  const nlohmann::ordered_json firmware = fw::to_json(agent_->stats());
  out.update(firmware);
  return out;
}

// The firmware's data services exist once the agent booted; each role it decides from then on
// goes to the server, and the role it holds now (a replica, or a one-box site's primary) too.
void Daemon::start_data_runtime() {
  if (!box_ || config_.data.empty()) return;
  data_ = std::make_unique<linux_box::DataRuntime>(platform_, platform_.processes(),
                                                   config_.platform.state_dir, config_.data);
  data_->on_server_sync([this](const std::string& app, bool in_sync) {
    const auto& services = box_->data_services();
    if (auto it = services.find(app); it != services.end()) it->second->set_server_in_sync(in_sync);
  });
  for (const auto& [app, service] : box_->data_services()) {
    const std::string name = app;  // not the binding itself: captured by the lambda
    service->on_role_change([this, name](fw::DataRole role, std::string_view why) {
      if (data_) data_->apply(name, role, why);
    });
    data_->apply(name, service->role(), "boot");
  }
}

int Daemon::run() {
  const auto& limits = platform_.processes().limits();
  if (box_ && !config_.apps.empty() && !limits.available())
    std::fprintf(stderr, "edgeboxd: container cpu/memory limits are NOT enforced: %s\n",
                 limits.reason().c_str());
  agent_->boot();
  if (box_)
    for (const auto& spec : config_.apps) platform_.runtime().start(spec);
  if (box_) platform_.images().serve();  // the site's peers pull from this box
  start_data_runtime();
  platform_.events().emit("edgeboxd.start",
                          {{"role", box_ ? "box" : "witness"}, {"pid", linux_box::process_id()}});
  while (!stopping_) {
    loop_.set_deadline(driver_.next_deadline());
    loop_.run_once();
    if (stopping_) break;
    try {
      driver_.step(platform_.now(), std::nullopt);  // the timers that are due
    } catch (const std::exception& e) {
      ++firmware_errors_;
      platform_.events().emit("edgeboxd.error", {{"error", e.what()}});
    }
  }
  return 0;
}

}  // namespace edgetwin::edgeboxd
