#include "daemon.hpp"

#include <array>
#include <csignal>
#include <cstdio>

namespace edgetwin::edgeboxd {
namespace {

// SIGTERM/SIGINT: clean stop; SIGCHLD: a container exited; SIGUSR1: report the counters.
constexpr std::array<int, 4> kSignals{SIGTERM, SIGINT, SIGCHLD, SIGUSR1};

template <class Counters, class Reason, std::size_t kKinds>
nlohmann::ordered_json by_reason(const Counters& c, std::string_view (*name)(Reason)) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < kKinds; ++i) {
    const auto r = static_cast<Reason>(i);
    if (c.of(r) > 0) out[std::string(name(r))] = c.of(r);
  }
  return out;
}

nlohmann::ordered_json inbox_counters(const fw::Inbox& inbox) {
  return {
      {"malformed", inbox.malformed().total()},
      {"malformed_by_reason", by_reason<fw::DecodeCounters, fw::DecodeError, fw::kDecodeErrorKinds>(
                                  inbox.malformed(), fw::to_string)},
      {"stale", inbox.stale()}};
}

}  // namespace

void Daemon::block_signals() { linux_box::SignalChannel::block(kSignals); }

Daemon::Daemon(DaemonConfig config)
    : config_(std::move(config)),
      platform_(config_.platform),
      driver_(*(agent_ = config_.role == Role::box
                             ? std::unique_ptr<fw::Agent>(new fw::BoxAgent(platform_, config_.box))
                             : std::unique_ptr<fw::Agent>(new fw::WitnessAgent(platform_))),
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
// datagram), and the error is reported rather than hidden.
void Daemon::deliver(fw::Datagram datagram) {
  try {
    driver_.step(platform_.now(), std::move(datagram));
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
  if (witness_) out["inbox"] = inbox_counters(witness_->inbox());
  if (!box_) return out;
  out["inbox"] = inbox_counters(box_->inbox());
  if (const auto* vrrp = box_->vrrp()) {
    out["vrrp_malformed"] =
        by_reason<fw::VrrpCounters, fw::VrrpDecodeError, fw::kVrrpDecodeErrorKinds>(
            vrrp->decode_counters(), fw::to_string);
    out["vrrp_unauthenticated"] =
        by_reason<fw::VrrpAuthCounters, fw::VrrpAuthError, fw::kVrrpAuthErrorKinds>(
            vrrp->auth_counters(), fw::to_string);
    out["vrrp_state"] = fw::to_string(vrrp->state());
    out["vip_held"] = vrrp->holds_vip();
  }
  return out;
}

int Daemon::run() {
  const auto& limits = platform_.processes().limits();
  if (box_ && !config_.apps.empty() && !limits.available())
    std::fprintf(stderr, "edgeboxd: container cpu/memory limits are NOT enforced: %s\n",
                 limits.reason().c_str());
  agent_->boot();
  if (box_)
    for (const auto& spec : config_.apps) platform_.runtime().start(spec);
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
