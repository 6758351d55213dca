#pragma once
// edgeboxd's main loop: the firmware agent (a BoxAgent, or a WitnessAgent for a site witness)
// on a LinuxPlatform, driven by one epoll loop on one thread:
//   wait (sockets, signals, the timerfd at the firmware's next deadline)
//   -> hand each datagram to the Driver -> fire the timers that are due -> re-arm.
// Signals arrive on a signalfd: SIGTERM/SIGINT stop cleanly (VRRP priority 0, VIP released,
// containers stopped), SIGCHLD reaps containers, SIGUSR1 writes the drop counters as an
// "edgeboxd.counters" event. Nothing a peer sends can stop the loop: malformed input is
// counted by the transports and the firmware's decoders and dropped.
#include <memory>

#include "daemon_config.hpp"
#include "edgetwin/firmware/agents/agent_stats.hpp"
#include "edgetwin/firmware/agents/box_agent.hpp"
#include "edgetwin/firmware/agents/witness_agent.hpp"
#include "edgetwin/firmware/base/driver.hpp"
#include "edgetwin/linux/data_runtime.hpp"
#include "edgetwin/linux/event_loop.hpp"
#include "edgetwin/linux/linux_platform.hpp"
#include "edgetwin/linux/signal_channel.hpp"

namespace edgetwin::edgeboxd {

class Daemon {
 public:
  // Blocks the signals the daemon handles, for the calling (only) thread; call first in main.
  static void block_signals();

  explicit Daemon(DaemonConfig config);  // throws std::system_error on sockets/files
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  int run();  // until SIGTERM/SIGINT; the exit status

 private:
  void deliver(fw::Datagram datagram);
  void on_signal(int signal);
  void stop(const char* signal);
  void start_data_runtime();
  nlohmann::ordered_json counters() const;

  DaemonConfig config_;
  linux_box::LinuxPlatform platform_;
  std::unique_ptr<fw::NodeAgent> agent_;
  fw::BoxAgent* box_ = nullptr;  // agent_ when a box
  fw::WitnessAgent* witness_ = nullptr;
  fw::Driver driver_;
  linux_box::EventLoop loop_;
  std::unique_ptr<linux_box::SignalChannel> signals_;
  std::unique_ptr<linux_box::DataRuntime> data_;  // the database servers (config `data`)
  bool stopping_ = false;
  std::uint64_t firmware_errors_ = 0;
};

}  // namespace edgetwin::edgeboxd
