#pragma once
// The one event loop of a real box: epoll over the sockets, a signalfd and a timerfd armed at
// the firmware's next deadline (CLOCK_MONOTONIC, absolute, nanosecond resolution).
//
// Why epoll + timerfd and not Boost.Asio: the firmware already owns its timers (TimerQueue via
// Platform::after) and its loop (Driver::step); a backend only has to wait for "a datagram or
// the next deadline". That is one epoll_wait over a handful of descriptors. Asio would bring a
// second timer queue, an io_context and Boost into a library the layering test keeps free of
// Boost, for no feature we use; timerfd also gives nanosecond deadlines where epoll_wait's
// own timeout has only milliseconds. No threads: every handler runs on the caller's thread.
#include <functional>
#include <map>
#include <optional>

#include "edgetwin/firmware/base/time.hpp"

namespace edgetwin::linux_box {

// CLOCK_MONOTONIC as firmware time: the same clock in every network namespace of the machine,
// so events of several daemons (and a test harness) compare directly.
fw::Time monotonic_now();

class EventLoop {
 public:
  using Handler = std::function<void()>;
  static constexpr int kEventsPerWaitMax = 16;

  EventLoop();  // throws std::system_error when the kernel refuses an epoll or timer fd
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // `on_readable` runs whenever `fd` is readable (level-triggered); it must drain or read.
  void watch(int fd, Handler on_readable);
  void unwatch(int fd);
  // The next firmware deadline (absolute, monotonic); nullopt disarms the timer.
  void set_deadline(std::optional<fw::Time> deadline);
  // Blocks until a descriptor is readable or the deadline passes, then runs the handlers.
  void run_once();

 private:
  int epoll_fd_ = -1;
  int timer_fd_ = -1;
  std::map<int, Handler> handlers_;  // by fd
};

}  // namespace edgetwin::linux_box
