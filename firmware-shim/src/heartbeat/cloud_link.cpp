#include "edgetwin/firmware/heartbeat/cloud_link.hpp"

#include <cmath>

#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {
namespace {

std::uint32_t milli(double v) { return static_cast<std::uint32_t>(std::llround(v * 1000.0)); }
std::uint32_t whole(double v) { return static_cast<std::uint32_t>(std::llround(v)); }

}  // namespace

CloudLink::CloudLink(Platform& platform, const NodeIdentity& config, std::uint32_t boot_epoch)
    : platform_(platform), config_(config), boot_epoch_(boot_epoch) {}

void CloudLink::start() {
  arm_deadline();
  // Random phase so that 800 boxes powering on together do not report in the same instant.
  const auto interval_ns = config_.timing.cloud_interval.count_ns();
  const auto phase = Duration::nanoseconds(
      static_cast<std::int64_t>(platform_.rng().uniform01() * static_cast<double>(interval_ns)));
  platform_.after(phase, [this] { send_report(); });
}

NodeReport CloudLink::make_report() {
  NodeReport r;
  r.name = config_.name;
  r.site = config_.site;
  r.ip = config_.ip;
  r.cpus = static_cast<std::uint16_t>(config_.hardware.cpus);
  r.memory_gib = static_cast<std::uint32_t>(config_.hardware.memory_gib);
  r.ssd_gib = static_cast<std::uint32_t>(config_.hardware.ssd_gib);
  double cpu_req = 0, cpu_lim = 0, mem_req = 0, mem_lim = 0;
  for (const auto& c : platform_.runtime().containers()) {
    if (c.state == ContainerState::stopped) continue;
    cpu_req += c.spec.cpu_request;
    cpu_lim += c.spec.cpu_limit;
    mem_req += c.spec.memory_request_mib;
    mem_lim += c.spec.memory_limit_mib;
  }
  r.cpu_request_milli = milli(cpu_req);
  r.cpu_limit_milli = milli(cpu_lim);
  r.memory_request_mib = whole(mem_req);
  r.memory_limit_mib = whole(mem_lim);
  r.seq = ++seq_;
  return r;
}

void CloudLink::send_report() {
  platform_.send(config_.cloud, Channel::firmware,
                 encode_envelope(MessageType::node_report, boot_epoch_, make_report().encode()));
  platform_.after(config_.timing.cloud_interval, [this] { send_report(); });
}

void CloudLink::arm_deadline() {
  platform_.cancel(deadline_);
  deadline_ = platform_.after(config_.timing.cloud_timeout, [this] {
    deadline_ = 0;
    // Report the first verdict after boot and every loss, not every silent period.
    if (connected_ || !state_known_) platform_.events().emit("cloud.link", {{"to", "down"}});
    connected_ = false;
    state_known_ = true;
  });
}

void CloudLink::on_ack(const CloudAck& ack) {
  if (ack.seq == 0 || ack.seq > seq_) return;  // never sent: not trusted
  arm_deadline();
  if (connected_) return;
  connected_ = true;
  state_known_ = true;
  platform_.events().emit("cloud.link", {{"to", "up"}});
}

}  // namespace edgetwin::fw
