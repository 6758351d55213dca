#include "edgetwin/linux/signal_channel.hpp"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace edgetwin::linux_box {
namespace {

sigset_t set_of(std::span<const int> signals) {
  sigset_t set;
  sigemptyset(&set);
  for (int s : signals) sigaddset(&set, s);
  return set;
}

}  // namespace

void SignalChannel::block(std::span<const int> signals) {
  const sigset_t set = set_of(signals);
  sigprocmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a peer closing a probe connection must not kill the daemon
}

SignalChannel::SignalChannel(EventLoop& loop, std::span<const int> signals, Handler handler)
    : loop_(loop), handler_(std::move(handler)) {
  const sigset_t set = set_of(signals);
  fd_ = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "signalfd");
  loop_.watch(fd_, [this] { drain(); });
}

SignalChannel::~SignalChannel() {
  loop_.unwatch(fd_);
  close(fd_);
}

void SignalChannel::drain() {
  signalfd_siginfo info{};
  while (read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info))
    handler_(static_cast<int>(info.ssi_signo));
}

int process_id() { return static_cast<int>(getpid()); }

}  // namespace edgetwin::linux_box
