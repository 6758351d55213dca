#pragma once
// One node on the TestNetwork: a Platform with the network's manual clock, an in-memory disk,
// runtime and VIP table, and an event log the test can read.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/agent.hpp"
#include "edgetwin/firmware/base/driver.hpp"
#include "edgetwin/firmware/base/memory_disk.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/seeded_rng.hpp"
#include "edgetwin/firmware/base/seeded_secure_stream.hpp"
#include "edgetwin/firmware/base/timer_queue.hpp"

namespace edgetwin::testing {

class TestNetwork;

// Containers start running at once. Faults are test controls: a crash leaves the container
// `failed` until it is started again; a hang keeps it `running` but its probes time out until
// it is started again; a readiness failure lasts until cleared (a dependency is down, a restart
// does not fix it); a crash loop makes every start end in a crash.
class TestRuntime final : public fw::Runtime {
 public:
  void start(const fw::ContainerSpec& spec) override;
  void stop(std::string_view name) override;
  std::vector<fw::ContainerStatus> containers() const override { return containers_; }
  fw::ProbeResult probe(std::string_view container, fw::ProbeKind kind) override;

  void crash(std::string_view name);
  void hang(std::string_view name);
  void fail_readiness(std::string_view name, bool failing);
  void set_crash_looping(std::string_view name, bool looping);
  // Starts of a container that had been started before on this runtime.
  int restarts(std::string_view name) const;
  int restarts() const;  // of every container
  bool running(std::string_view name) const;

 private:
  fw::ContainerStatus* find(std::string_view name);
  const fw::ContainerStatus* find(std::string_view name) const;

  std::vector<fw::ContainerStatus> containers_;
  std::set<std::string, std::less<>> hung_;
  std::set<std::string, std::less<>> not_ready_;
  std::set<std::string, std::less<>> crash_looping_;
  std::map<std::string, int, std::less<>> starts_;
};

// Records the VIPs and the lifetime of each claim; it does not expire them (a test reads the
// lifetimes; the twin's SimNetConfig models the expiry).
class TestNetConfig final : public fw::NetConfig {
 public:
  void claim_vip(std::string_view vip, std::optional<fw::Duration> lifetime) override {
    vips_.emplace(vip);
    claims_.push_back(lifetime);
  }
  void release_vip(std::string_view vip) override { vips_.erase(std::string(vip)); }
  const std::set<std::string>& vips() const { return vips_; }
  // The lifetime of every claim and refresh, in order.
  const std::vector<std::optional<fw::Duration>>& claims() const { return claims_; }

 private:
  std::set<std::string> vips_;
  std::vector<std::optional<fw::Duration>> claims_;
};

struct RecordedEvent {
  fw::Time t;
  std::string kind;
  nlohmann::ordered_json fields;
};

class TestPlatform final : public fw::Platform, private fw::EventSink {
 public:
  using AgentFactory = std::function<std::unique_ptr<fw::Agent>(fw::Platform&)>;

  TestPlatform(TestNetwork& network, std::string name, std::uint64_t seed, AgentFactory factory);

  fw::Time now() const override;
  fw::TimerId after(fw::Duration delay, std::function<void()> callback) override;
  void cancel(fw::TimerId id) override { timers_.cancel(id); }
  void send(const fw::Address& to, fw::Channel channel,
            std::span<const std::byte> datagram) override;
  // Completes after bytes / pull_rate; fails at the end while pulls are set failing.
  void pull(const fw::Address& source, const fw::ImageName& image, std::uint64_t bytes,
            std::function<void(bool complete)> done) override;
  void set_pull_rate(double bytes_per_s) { pull_rate_bytes_per_s_ = bytes_per_s; }
  void set_pulls_failing(bool failing) { pulls_failing_ = failing; }
  std::uint64_t pulled_bytes() const { return pulled_bytes_; }
  // Every pull asked for, in order: the image named and where from.
  struct PullAsked {
    std::string source;
    fw::ImageName image;
    std::uint64_t bytes = 0;
  };
  const std::vector<PullAsked>& pulls_asked() const { return pulls_asked_; }
  fw::Disk& disk() override { return disk_; }
  fw::Runtime& runtime() override { return runtime_; }
  fw::NetConfig& net() override { return net_; }
  fw::EventSink& events() override { return *this; }
  fw::Rng& rng() override { return rng_; }
  void secure_bytes(std::span<std::byte> out) override { secure_.fill(out); }

  // A real loop's clock moves while it works: each send advances this node's clock by `cost`
  // (never backwards), so two datagrams of one step leave microseconds apart, as on a box;
  // and it wakes `latency` after the deadline or arrival that woke it, firing every timer due
  // by then. Zero (the default) keeps the network's exact clock.
  void set_send_cost(fw::Duration cost) { send_cost_ = cost; }
  void set_wake_latency(fw::Duration latency) { wake_latency_ = latency; }

  const std::string& name() const { return name_; }
  bool powered() const { return agent_ != nullptr; }
  fw::Agent* agent() { return agent_.get(); }
  fw::MemoryDisk& memory_disk() { return disk_; }
  TestRuntime& test_runtime() { return runtime_; }
  const std::vector<RecordedEvent>& recorded() const { return events_; }
  // Events of one kind, in order.
  std::vector<RecordedEvent> recorded(std::string_view kind) const;

  void power_on();
  void power_off();  // loses timers and unsynced disk writes
  std::optional<fw::Time> next_deadline() const { return timers_.next_deadline(); }
  void wake(fw::Time now, std::optional<fw::Datagram> datagram);

 private:
  void emit(std::string_view kind, nlohmann::ordered_json fields) override;

  TestNetwork& network_;
  std::string name_;
  AgentFactory factory_;
  fw::TimerQueue timers_;
  fw::MemoryDisk disk_;
  TestRuntime runtime_;
  TestNetConfig net_;
  fw::SeededRng rng_;
  fw::SeededSecureStream secure_;
  std::vector<RecordedEvent> events_;
  std::unique_ptr<fw::Agent> agent_;
  std::unique_ptr<fw::Driver> driver_;
  double pull_rate_bytes_per_s_ = 12.5e6;  // 100 Mbit/s
  bool pulls_failing_ = false;
  fw::Duration send_cost_ = fw::Duration::zero();
  fw::Duration wake_latency_ = fw::Duration::zero();
  fw::Time clock_;  // this node's clock once sends have advanced it past the network's
  std::uint64_t pulled_bytes_ = 0;
  std::vector<PullAsked> pulls_asked_;
};

}  // namespace edgetwin::testing
