#include "edgetwin/linux/event_loop.hpp"

#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <ctime>
#include <system_error>

namespace edgetwin::linux_box {
namespace {

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

fw::Time monotonic_now() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return fw::Time::from_ns(static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec);
}

EventLoop::EventLoop() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) fail("epoll_create1");
  timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (timer_fd_ < 0) fail("timerfd_create");
  // The timer only wakes the loop; the caller fires due firmware timers after run_once().
  watch(timer_fd_, [this] {
    std::uint64_t expirations = 0;
    [[maybe_unused]] auto n = read(timer_fd_, &expirations, sizeof expirations);
  });
}

EventLoop::~EventLoop() {
  if (timer_fd_ >= 0) close(timer_fd_);
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

void EventLoop::watch(int fd, Handler on_readable) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) < 0) fail("epoll_ctl add");
  handlers_[fd] = std::move(on_readable);
}

void EventLoop::unwatch(int fd) {
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  handlers_.erase(fd);
}

void EventLoop::set_deadline(std::optional<fw::Time> deadline) {
  itimerspec spec{};  // all zero disarms
  if (deadline) {
    // An absolute deadline already past fires at once; zero would disarm, so use 1 ns.
    const std::int64_t ns = std::max<std::int64_t>(deadline->count_ns(), 1);
    spec.it_value.tv_sec = ns / 1'000'000'000;
    spec.it_value.tv_nsec = ns % 1'000'000'000;
  }
  if (timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr) < 0) fail("timerfd_settime");
}

void EventLoop::run_once() {
  std::array<epoll_event, kEventsPerWaitMax> events{};
  const int n = epoll_wait(epoll_fd_, events.data(), kEventsPerWaitMax, -1);
  if (n < 0) {
    if (errno == EINTR) return;
    fail("epoll_wait");
  }
  for (int i = 0; i < n; ++i) {
    auto it = handlers_.find(events[i].data.fd);
    if (it == handlers_.end()) continue;  // unwatched by an earlier handler of this batch
    Handler handler = it->second;         // a handler may unwatch itself
    handler();
  }
}

}  // namespace edgetwin::linux_box
