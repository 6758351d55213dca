#pragma once
// Signals as events of the loop (signalfd): the handled signals are blocked for the process,
// so they are only ever read here, on the loop's thread, never delivered asynchronously into
// the firmware. Children unblock them before exec (process_runtime.cpp).
#include <functional>
#include <span>

#include "edgetwin/linux/event_loop.hpp"

namespace edgetwin::linux_box {

class SignalChannel {
 public:
  using Handler = std::function<void(int signal)>;

  // Blocks `signals` for the calling thread (the only one) and ignores SIGPIPE. Call first in
  // main, before any child is forked.
  static void block(std::span<const int> signals);

  // Throws std::system_error when the kernel refuses a signalfd.
  SignalChannel(EventLoop& loop, std::span<const int> signals, Handler handler);
  ~SignalChannel();
  SignalChannel(const SignalChannel&) = delete;
  SignalChannel& operator=(const SignalChannel&) = delete;

 private:
  void drain();
  EventLoop& loop_;
  int fd_ = -1;
  Handler handler_;
};

int process_id();  // for the daemon's start event

}  // namespace edgetwin::linux_box
