#pragma once
// The firmware's Platform on a real Linux box (the third backend, beside the twin's SimNode
// and the tests' TestPlatform): monotonic time, timers fired by the daemon's epoll loop, UDP
// for the firmware channel, raw IP protocol 112 for VRRP, files for the disk, rtnetlink for
// the VIP, child processes for containers, JSON lines for events, getrandom for the seed.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/driver.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/seeded_rng.hpp"
#include "edgetwin/firmware/base/timer_queue.hpp"
#include "edgetwin/linux/endpoint.hpp"
#include "edgetwin/linux/event_loop.hpp"
#include "edgetwin/linux/file_disk.hpp"
#include "edgetwin/linux/image_puller.hpp"
#include "edgetwin/linux/json_event_sink.hpp"
#include "edgetwin/linux/process_runtime.hpp"
#include "edgetwin/linux/udp_transport.hpp"
#include "edgetwin/linux/vip_control.hpp"
#include "edgetwin/linux/vrrp_socket.hpp"

namespace edgetwin::linux_box {

struct PlatformConfig {
  std::string name;
  std::string site;
  Endpoint self;                         // where the firmware channel listens (ip:port)
  std::vector<Endpoint> endpoints;       // every node it talks to: peers, witness, cloud
  std::vector<Endpoint> vrrp_peers;      // empty: no raw socket (a witness)
  std::optional<std::string> interface;  // the VIP's interface; none: no VIP control
  int vip_prefix_len = 32;
  std::string state_dir;
  std::string events_path = "-";
  std::uint64_t seed = 0;
  RuntimeConfig runtime;
  ImagePullConfig images;  // where pulls come from (image_puller.hpp)
};

class LinuxPlatform final : public fw::Platform {
 public:
  static constexpr int kDatagramsPerWakeMax = 64;

  // Opens every socket and file; throws std::system_error (with what failed) when it cannot.
  explicit LinuxPlatform(PlatformConfig config);
  ~LinuxPlatform() override;

  fw::Time now() const override { return monotonic_now(); }
  fw::TimerId after(fw::Duration delay, std::function<void()> callback) override;
  void cancel(fw::TimerId id) override;
  void send(const fw::Address& to, fw::Channel channel,
            std::span<const std::byte> datagram) override;
  // `edgeboxd pull` in a child process, from the cloud's registry or the peer's serve-images
  // (image_puller.hpp); its failures are events and `done(false)`, retried by the firmware.
  void pull(const fw::Address& source, const fw::ImageName& image, std::uint64_t bytes,
            std::function<void(bool complete)> done) override;
  fw::Disk& disk() override { return *disk_; }
  fw::Runtime& runtime() override { return *runtime_; }
  fw::NetConfig& net() override;
  fw::EventSink& events() override { return *events_; }
  fw::Rng& rng() override { return rng_; }
  // libsodium's randombytes_buf: the kernel's CSPRNG, never the seeded rng().
  void secure_bytes(std::span<std::byte> out) override;

  fw::TimerQueue& timers() { return timers_; }
  // Hands every datagram that arrives on the platform's sockets to `deliver`.
  void watch(EventLoop& loop, std::function<void(fw::Datagram)> deliver);
  ProcessRuntime& processes() { return *runtime_; }
  ImagePuller& images() { return *images_; }
  VipControl* vip() { return vip_.get(); }
  const TransportCounters& counters() const { return counters_; }
  const FileDisk& file_disk() const { return *disk_; }

 private:
  class NoVip;
  PlatformConfig config_;
  TransportCounters counters_;
  fw::TimerQueue timers_;
  std::unique_ptr<JsonEventSink> events_;
  std::unique_ptr<FileDisk> disk_;
  std::unique_ptr<UdpTransport> udp_;
  std::unique_ptr<VrrpSocket> vrrp_;
  std::unique_ptr<VipControl> vip_;
  std::unique_ptr<fw::NetConfig> no_vip_;
  std::unique_ptr<ProcessRuntime> runtime_;
  std::unique_ptr<ImagePuller> images_;  // after runtime_: its jobs are the runtime's
  fw::SeededRng rng_;
};

// 64 random bits from the kernel (getrandom), to seed the box's Rng.
std::uint64_t os_random_seed();

}  // namespace edgetwin::linux_box
