#pragma once
// The container runtime of a real box: each container is a supervised child process (its own
// process group, killed with the daemon by PR_SET_PDEATHSIG, stdout/stderr to a log file, in
// its own cgroup v2 with cpu.max/memory.max where available). The firmware's HealthMonitor
// probes it and restarts it with its back-off; this class only starts, stops, reaps and probes.
//
// Probes never block the event loop for long:
// - "tcp_port": a non-blocking connect to 127.0.0.1:port, answered within kTcpProbeWaitMax
//   (loopback answers in microseconds; no answer by then is `timed_out`);
// - "command": run asynchronously; a probe call answers with the last finished run (exit 0:
//   ok) and starts the next one; a run still going after the probe timeout is killed and
//   answers `timed_out`. Before the first run finishes it answers ok, as the firmware counts a
//   container not yet probed as healthy;
// - no probe: ok while the process runs.
// A container whose process exited is `failed` until the firmware restarts (stop + start) it.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/linux/cgroup_limits.hpp"

namespace edgetwin::linux_box {

struct AppLaunch {
  fw::ContainerSpec spec;
  std::vector<std::string> command;  // argv, run with execvp
  std::optional<std::uint16_t> probe_tcp_port;
  std::vector<std::string> probe_command;  // argv; empty: none
};

struct RuntimeConfig {
  std::string box;              // exported to the process as EDGEBOX_NAME
  std::string log_dir;          // <log_dir>/<container>.log
  std::vector<AppLaunch> apps;  // what start() may run, by spec.name
  fw::Duration probe_timeout = fw::Duration::seconds(1);
};

class ProcessRuntime final : public fw::Runtime {
 public:
  static constexpr int kTcpProbeWaitMaxMs = 100;
  static constexpr int kStopGraceMs = 200;  // SIGTERM, then SIGKILL: a restart must not wait long
  static constexpr std::size_t kContainersMax = 256;
  using Emit = std::function<void(std::string_view kind, nlohmann::ordered_json fields)>;

  ProcessRuntime(RuntimeConfig config, CgroupLimits limits, Emit emit);
  ~ProcessRuntime() override;  // stops every container
  ProcessRuntime(const ProcessRuntime&) = delete;
  ProcessRuntime& operator=(const ProcessRuntime&) = delete;

  void start(const fw::ContainerSpec& spec) override;
  void stop(std::string_view name) override;
  std::vector<fw::ContainerStatus> containers() const override;
  fw::ProbeResult probe(std::string_view container, fw::ProbeKind kind) override;

  // A short-lived helper process that is not a container (the data runtime's `mariadb` and
  // `redis-cli` steps): its own group, killed with the daemon, stdout/stderr to `output`
  // (truncated first); `done` gets its wait status once it is reaped, from reap(). Returns
  // its pid, or -1 when it could not be forked (`done` is then never called).
  pid_t run_job(const std::vector<std::string>& argv, const std::string& output,
                std::function<void(int status)> done);
  // SIGKILL to a job still running; its `done` is called when it is reaped.
  void kill_job(pid_t pid) const;
  // SIGKILL, and `done` is never called (its owner is going away); the child is still reaped.
  void abandon_job(pid_t pid);
  // Collects exited children (call on SIGCHLD).
  void reap();
  void stop_all();
  const CgroupLimits& limits() const { return limits_; }

 private:
  struct Container {
    fw::ContainerSpec spec;
    const AppLaunch* launch = nullptr;
    fw::ContainerState state = fw::ContainerState::stopped;
    pid_t pid = 0;
    pid_t probe_pid = 0;
    fw::Time probe_started;
    fw::ProbeResult last_probe = fw::ProbeResult::ok;
  };
  const AppLaunch* find_launch(const fw::ContainerSpec& spec) const;
  pid_t spawn(const std::vector<std::string>& argv, const std::string& log,
              const std::optional<std::string>& cgroup, const std::string& container) const;
  fw::ProbeResult probe_command(Container& c);
  void on_exit(pid_t pid, int status);
  void terminate(pid_t pid) const;

  RuntimeConfig config_;
  CgroupLimits limits_;
  Emit emit_;
  std::map<std::string, Container, std::less<>> containers_;  // by name: listed sorted
  std::map<pid_t, std::function<void(int)>> jobs_;
};

// A TCP health probe of 127.0.0.1:port.
fw::ProbeResult probe_tcp(std::uint16_t port, int wait_max_ms);

}  // namespace edgetwin::linux_box
