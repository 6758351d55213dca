#pragma once
// A Platform for the Linux backend's unit tests: real time (jobs are real processes), the
// firmware's timer queue, events kept in memory. Only what the data runtime and the image
// puller use; the rest aborts.
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/base/timer_queue.hpp"
#include "edgetwin/linux/event_loop.hpp"

namespace edgetwin::linux_box {

class ClockPlatform final : public fw::Platform, private fw::EventSink {
 public:
  fw::Time now() const override { return monotonic_now(); }
  fw::TimerId after(fw::Duration d, std::function<void()> cb) override {
    return timers_.add(now() + d, std::move(cb));
  }
  void cancel(fw::TimerId id) override { timers_.cancel(id); }
  void send(const fw::Address&, fw::Channel, std::span<const std::byte>) override {}
  void pull(const fw::Address&, const fw::ImageName&, std::uint64_t,
            std::function<void(bool)>) override {}
  fw::Disk& disk() override { std::abort(); }
  fw::Runtime& runtime() override { std::abort(); }
  fw::NetConfig& net() override { std::abort(); }
  fw::EventSink& events() override { return *this; }
  fw::Rng& rng() override { std::abort(); }
  void secure_bytes(std::span<std::byte>) override {}
  void fire_due() {
    while (auto cb = timers_.pop_due(now())) (*cb)();
  }
  std::vector<std::pair<std::string, nlohmann::ordered_json>> emitted;

 private:
  void emit(std::string_view kind, nlohmann::ordered_json f) override {
    emitted.emplace_back(std::string(kind), std::move(f));
  }
  fw::TimerQueue timers_;
};

}  // namespace edgetwin::linux_box
