#include "edgetwin/linux/linux_platform.hpp"

#include <sodium.h>
#include <sys/random.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace edgetwin::linux_box {

// A node without a VIP (the witness): the firmware never claims one, but must have a NetConfig.
class LinuxPlatform::NoVip final : public fw::NetConfig {
 public:
  void claim_vip(std::string_view, std::optional<fw::Duration>) override {}
  void release_vip(std::string_view) override {}
};

std::uint64_t os_random_seed() {
  std::uint64_t seed = 0;
  if (getrandom(&seed, sizeof seed, 0) != static_cast<ssize_t>(sizeof seed))
    throw std::system_error(errno, std::generic_category(), "getrandom");
  return seed;
}

void LinuxPlatform::secure_bytes(std::span<std::byte> out) {
  randombytes_buf(out.data(), out.size());
}

LinuxPlatform::LinuxPlatform(PlatformConfig config)
    : config_(std::move(config)), rng_(config_.seed, config_.name) {
  // randombytes_buf needs it (it picks the generator); failing means no secrets can be made.
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  events_ = std::make_unique<JsonEventSink>(
      config_.events_path, nlohmann::ordered_json{{"site", config_.site}, {"box", config_.name}});
  auto emit = [this](std::string_view kind, nlohmann::ordered_json fields) {
    events_->emit(kind, std::move(fields));
  };
  disk_ = std::make_unique<FileDisk>(config_.state_dir);
  udp_ = std::make_unique<UdpTransport>(config_.self, config_.endpoints, counters_);
  if (!config_.vrrp_peers.empty())
    vrrp_ = std::make_unique<VrrpSocket>(config_.self.ip, config_.vrrp_peers, counters_);
  if (config_.interface)
    vip_ = std::make_unique<VipControl>(*config_.interface, config_.vip_prefix_len, emit);
  no_vip_ = std::make_unique<NoVip>();
  CgroupLimits limits("edgeboxd-" + config_.name);
  if (!config_.runtime.apps.empty())
    emit("runtime.limits", {{"enforced", limits.available()},
                            {"reason", limits.available() ? "cgroup v2" : limits.reason()}});
  runtime_ = std::make_unique<ProcessRuntime>(config_.runtime, std::move(limits), emit);
  images_ = std::make_unique<ImagePuller>(config_.images, *this, *runtime_, config_.self,
                                          config_.endpoints, config_.state_dir, emit);
}

LinuxPlatform::~LinuxPlatform() = default;

fw::TimerId LinuxPlatform::after(fw::Duration delay, std::function<void()> callback) {
  return timers_.add(now() + delay, std::move(callback));
}

void LinuxPlatform::cancel(fw::TimerId id) { timers_.cancel(id); }

void LinuxPlatform::send(const fw::Address& to, fw::Channel channel,
                         std::span<const std::byte> datagram) {
  if (channel == fw::Channel::firmware) return udp_->send(to, datagram);
  if (vrrp_) return vrrp_->send(to, datagram);
  ++counters_.send_unroutable;
}

void LinuxPlatform::pull(const fw::Address& source, const fw::ImageName& image, std::uint64_t bytes,
                         std::function<void(bool complete)> done) {
  images_->pull(source, image, bytes, std::move(done));
}

fw::NetConfig& LinuxPlatform::net() {
  if (vip_) return *vip_;
  return *no_vip_;
}

// At most kDatagramsPerWakeMax per socket and wake-up: the loop is level-triggered, so the
// rest waits for the next turn, and a flood cannot starve the firmware's timers (its adverts).
void LinuxPlatform::watch(EventLoop& loop, std::function<void(fw::Datagram)> deliver) {
  loop.watch(udp_->fd(), [this, deliver] {
    for (int i = 0; i < kDatagramsPerWakeMax; ++i) {
      auto d = udp_->receive();
      if (!d) return;
      deliver(std::move(*d));
    }
  });
  if (!vrrp_) return;
  loop.watch(vrrp_->fd(), [this, deliver] {
    for (int i = 0; i < kDatagramsPerWakeMax; ++i) {
      auto d = vrrp_->receive();
      if (!d) return;
      deliver(std::move(*d));
    }
  });
}

}  // namespace edgetwin::linux_box
