#include "edgetwin/testing/test_platform.hpp"

#include <algorithm>

#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {

void TestRuntime::start(const fw::ContainerSpec& spec) {
  stop(spec.name);
  ++starts_[spec.name];
  const bool crashes = crash_looping_.contains(spec.name);
  containers_.push_back({spec, crashes ? fw::ContainerState::failed : fw::ContainerState::running});
  std::sort(containers_.begin(), containers_.end(),
            [](const auto& a, const auto& b) { return a.spec.name < b.spec.name; });
}

void TestRuntime::stop(std::string_view name) {
  std::erase_if(containers_, [&](const auto& c) { return c.spec.name == name; });
  hung_.erase(std::string(name));
}

fw::ProbeResult TestRuntime::probe(std::string_view container, fw::ProbeKind kind) {
  const fw::ContainerStatus* c = find(container);
  if (!c || c->state != fw::ContainerState::running) return fw::ProbeResult::failed;
  if (hung_.contains(container)) return fw::ProbeResult::timed_out;
  if (kind == fw::ProbeKind::readiness && not_ready_.contains(container))
    return fw::ProbeResult::failed;
  return fw::ProbeResult::ok;
}

void TestRuntime::crash(std::string_view name) {
  if (auto* c = find(name)) c->state = fw::ContainerState::failed;
}

void TestRuntime::hang(std::string_view name) {
  if (find(name)) hung_.emplace(name);
}

void TestRuntime::fail_readiness(std::string_view name, bool failing) {
  if (failing)
    not_ready_.emplace(name);
  else
    not_ready_.erase(std::string(name));
}

void TestRuntime::set_crash_looping(std::string_view name, bool looping) {
  if (looping)
    crash_looping_.emplace(name);
  else
    crash_looping_.erase(std::string(name));
}

int TestRuntime::restarts(std::string_view name) const {
  auto it = starts_.find(name);
  return it == starts_.end() ? 0 : it->second - 1;
}

int TestRuntime::restarts() const {
  int total = 0;
  for (const auto& [name, starts] : starts_) total += starts - 1;
  return total;
}

bool TestRuntime::running(std::string_view name) const {
  const fw::ContainerStatus* c = find(name);
  return c && c->state == fw::ContainerState::running;
}

fw::ContainerStatus* TestRuntime::find(std::string_view name) {
  for (auto& c : containers_)
    if (c.spec.name == name) return &c;
  return nullptr;
}

const fw::ContainerStatus* TestRuntime::find(std::string_view name) const {
  for (const auto& c : containers_)
    if (c.spec.name == name) return &c;
  return nullptr;
}

TestPlatform::TestPlatform(TestNetwork& network, std::string name, std::uint64_t seed,
                           AgentFactory factory)
    : network_(network),
      name_(std::move(name)),
      factory_(std::move(factory)),
      rng_(seed, name_),
      secure_(seed, name_) {}

fw::Time TestPlatform::now() const { return std::max(network_.now(), clock_); }

fw::TimerId TestPlatform::after(fw::Duration delay, std::function<void()> callback) {
  return timers_.add(now() + delay, std::move(callback));
}

void TestPlatform::pull(const fw::Address& source, const fw::ImageName& image, std::uint64_t bytes,
                        std::function<void(bool complete)> done) {
  pulls_asked_.push_back({source.node, image, bytes});
  const auto ns =
      static_cast<std::int64_t>(static_cast<double>(bytes) / pull_rate_bytes_per_s_ * 1e9);
  timers_.add(now() + fw::Duration::nanoseconds(ns), [this, bytes, done = std::move(done)] {
    if (!pulls_failing_) pulled_bytes_ += bytes;
    done(!pulls_failing_);
  });
}

void TestPlatform::send(const fw::Address& to, fw::Channel channel,
                        std::span<const std::byte> datagram) {
  network_.transmit(name_, to.node, channel, datagram, now());
  if (send_cost_ > fw::Duration::zero()) clock_ = now() + send_cost_;
}

std::vector<RecordedEvent> TestPlatform::recorded(std::string_view kind) const {
  std::vector<RecordedEvent> out;
  for (const auto& e : events_)
    if (e.kind == kind) out.push_back(e);
  return out;
}

void TestPlatform::emit(std::string_view kind, nlohmann::ordered_json fields) {
  events_.push_back({now(), std::string(kind), std::move(fields)});
}

void TestPlatform::power_on() {
  if (agent_) return;
  agent_ = factory_(*this);
  driver_ = std::make_unique<fw::Driver>(*agent_, timers_);
  agent_->boot();
}

void TestPlatform::power_off() {
  driver_.reset();
  agent_.reset();
  timers_.clear();
  disk_.power_loss();
}

void TestPlatform::wake(fw::Time now, std::optional<fw::Datagram> datagram) {
  if (!driver_) return;
  if (wake_latency_ > fw::Duration::zero()) clock_ = std::max(clock_, now + wake_latency_);
  driver_->step(this->now(), std::move(datagram));
}

}  // namespace edgetwin::testing
