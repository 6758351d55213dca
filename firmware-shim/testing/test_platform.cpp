#include "edgetwin/testing/test_platform.hpp"

#include <algorithm>

#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {

void TestRuntime::start(const fw::ContainerSpec& spec) {
  stop(spec.name);
  containers_.push_back({spec, fw::ContainerState::running});
  std::sort(containers_.begin(), containers_.end(),
            [](const auto& a, const auto& b) { return a.spec.name < b.spec.name; });
}

void TestRuntime::stop(std::string_view name) {
  std::erase_if(containers_, [&](const auto& c) { return c.spec.name == name; });
}

TestPlatform::TestPlatform(TestNetwork& network, std::string name, std::uint64_t seed,
                           AgentFactory factory)
    : network_(network), name_(std::move(name)), factory_(std::move(factory)), rng_(seed, name_) {}

fw::Time TestPlatform::now() const { return network_.now(); }

fw::TimerId TestPlatform::after(fw::Duration delay, std::function<void()> callback) {
  return timers_.add(now() + delay, std::move(callback));
}

void TestPlatform::send(const fw::Address& to, fw::Channel channel,
                        std::span<const std::byte> datagram) {
  network_.transmit(name_, to.node, channel, datagram);
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
  if (driver_) driver_->step(now, std::move(datagram));
}

}  // namespace edgetwin::testing
