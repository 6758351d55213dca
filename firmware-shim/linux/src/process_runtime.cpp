#include "edgetwin/linux/process_runtime.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "edgetwin/linux/event_loop.hpp"

namespace edgetwin::linux_box {
namespace {

constexpr int kStopPollMs = 5;

// Runs in the forked child: nothing here may return to the daemon's code.
[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::string& log,
                             const std::optional<std::string>& cgroup, const std::string& box,
                             const std::string& container, pid_t parent) {
  setpgid(0, 0);  // its own group: stop() signals the container and everything it forked
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // the daemon's crash takes its containers with it
  if (getppid() != parent) _exit(127);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);  // the daemon blocks signals for its signalfd
  if (cgroup && !join_cgroup(*cgroup)) _exit(126);
  // In state_dir, like the disk's files: never through a planted symbolic link.
  const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (out >= 0) {
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
  }
  const int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null >= 0) dup2(null, STDIN_FILENO);
  setenv("EDGEBOX_NAME", box.c_str(), 1);
  setenv("EDGEBOX_CONTAINER", container.c_str(), 1);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  _exit(127);
}

}  // namespace

fw::ProbeResult probe_tcp(std::uint16_t port, int wait_max_ms) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return fw::ProbeResult::failed;
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = htons(port);
  fw::ProbeResult result = fw::ProbeResult::ok;
  if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0) {
    result = fw::ProbeResult::failed;
    pollfd p{fd, POLLOUT, 0};
    if (errno == EINPROGRESS) {
      const int ready = poll(&p, 1, wait_max_ms);
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (ready == 0) result = fw::ProbeResult::timed_out;
      if (ready > 0 && err == 0) result = fw::ProbeResult::ok;
    }
  }
  close(fd);
  return result;
}

ProcessRuntime::ProcessRuntime(RuntimeConfig config, CgroupLimits limits, Emit emit)
    : config_(std::move(config)), limits_(std::move(limits)), emit_(std::move(emit)) {}

ProcessRuntime::~ProcessRuntime() { stop_all(); }

const AppLaunch* ProcessRuntime::find_launch(const fw::ContainerSpec& spec) const {
  for (const auto& a : config_.apps)
    if (a.spec.name == spec.name) return &a;
  for (const auto& a : config_.apps)
    if (a.spec.app == spec.app) return &a;  // another replica of a known app (failover)
  return nullptr;
}

pid_t ProcessRuntime::spawn(const std::vector<std::string>& argv, const std::string& log,
                            const std::optional<std::string>& cgroup,
                            const std::string& container) const {
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) exec_child(argv, log, cgroup, config_.box, container, parent);
  if (pid > 0) setpgid(pid, pid);  // also here: no race with a stop() right after the fork
  return pid;
}

void ProcessRuntime::start(const fw::ContainerSpec& spec) {
  auto it = containers_.find(spec.name);
  if (it != containers_.end() && it->second.state == fw::ContainerState::running) return;
  if (it == containers_.end() && containers_.size() >= kContainersMax) {
    emit_("container.error", {{"container", spec.name}, {"error", "containers_max"}});
    return;
  }
  Container& c = containers_[spec.name];
  c = Container{};
  c.spec = spec;
  c.launch = find_launch(spec);
  c.state = fw::ContainerState::failed;
  if (!c.launch || c.launch->command.empty()) {
    emit_("container.error", {{"container", spec.name}, {"error", "no command configured"}});
    return;
  }
  const auto cgroup = limits_.prepare(spec.name, spec.cpu_limit, spec.memory_limit_mib);
  c.pid = spawn(c.launch->command, config_.log_dir + "/" + spec.name + ".log", cgroup, spec.name);
  if (c.pid < 0) {
    emit_("container.error", {{"container", spec.name}, {"error", "fork failed"}});
    return;
  }
  c.state = fw::ContainerState::running;
  emit_("container.spawn", {{"container", spec.name},
                            {"app", spec.app},
                            {"pid", c.pid},
                            {"limits", cgroup.has_value()}});
}

// SIGTERM to the group, up to kStopGraceMs to exit, then SIGKILL; the child is reaped here so
// that a restart right after finds its port free. Bounded: the loop stalls at most that long.
void ProcessRuntime::terminate(pid_t pid) const {
  if (pid <= 0) return;
  kill(-pid, SIGTERM);
  for (int waited = 0; waited < kStopGraceMs; waited += kStopPollMs) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    const timespec pause{0, kStopPollMs * 1'000'000L};
    nanosleep(&pause, nullptr);
  }
  kill(-pid, SIGKILL);
  waitpid(pid, nullptr, 0);  // SIGKILL cannot be ignored: this returns promptly
}

void ProcessRuntime::stop(std::string_view name) {
  auto it = containers_.find(name);
  if (it == containers_.end()) return;
  Container& c = it->second;
  if (c.state == fw::ContainerState::running) terminate(c.pid);
  if (c.probe_pid > 0) terminate(c.probe_pid);
  containers_.erase(it);
}

void ProcessRuntime::stop_all() {
  while (!containers_.empty()) stop(containers_.begin()->first);
}

std::vector<fw::ContainerStatus> ProcessRuntime::containers() const {
  std::vector<fw::ContainerStatus> out;
  for (const auto& [name, c] : containers_) out.push_back({c.spec, c.state});
  return out;
}

fw::ProbeResult ProcessRuntime::probe(std::string_view container, fw::ProbeKind kind) {
  auto it = containers_.find(container);
  if (it == containers_.end() || it->second.state != fw::ContainerState::running)
    return fw::ProbeResult::failed;
  Container& c = it->second;
  if (c.launch->probe_tcp_port) return probe_tcp(*c.launch->probe_tcp_port, kTcpProbeWaitMaxMs);
  if (c.launch->probe_command.empty()) return fw::ProbeResult::ok;
  // One run answers both kinds: the liveness call (made first) advances it.
  if (kind == fw::ProbeKind::liveness) return probe_command(c);
  return c.last_probe;
}

fw::ProbeResult ProcessRuntime::probe_command(Container& c) {
  if (c.probe_pid > 0) {
    if (monotonic_now() - c.probe_started < config_.probe_timeout) return c.last_probe;
    terminate(c.probe_pid);
    c.probe_pid = 0;
    c.last_probe = fw::ProbeResult::timed_out;
    return c.last_probe;
  }
  c.probe_pid = spawn(c.launch->probe_command, config_.log_dir + "/" + c.spec.name + ".probe.log",
                      std::nullopt, c.spec.name);
  c.probe_started = monotonic_now();
  if (c.probe_pid < 0) c.probe_pid = 0;
  return c.last_probe;
}

pid_t ProcessRuntime::run_job(const std::vector<std::string>& argv, const std::string& output,
                              std::function<void(int status)> done) {
  if (argv.empty()) return -1;
  // Truncated first: the output of the latest run is what a refusal quotes.
  const int fd = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd >= 0) close(fd);
  const pid_t pid = spawn(argv, output, std::nullopt, "job");
  if (pid > 0) jobs_[pid] = std::move(done);
  return pid;
}

void ProcessRuntime::kill_job(pid_t pid) const {
  if (pid > 0 && jobs_.count(pid)) kill(-pid, SIGKILL);
}

void ProcessRuntime::abandon_job(pid_t pid) {
  auto job = jobs_.find(pid);
  if (job == jobs_.end()) return;
  kill(-pid, SIGKILL);
  job->second = nullptr;
}

void ProcessRuntime::on_exit(pid_t pid, int status) {
  if (auto job = jobs_.find(pid); job != jobs_.end()) {
    auto done = std::move(job->second);
    jobs_.erase(job);
    if (done) done(status);
    return;
  }
  for (auto& [name, c] : containers_) {
    if (c.probe_pid == pid) {
      c.probe_pid = 0;
      const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
      c.last_probe = ok ? fw::ProbeResult::ok : fw::ProbeResult::failed;
      return;
    }
    if (c.pid == pid && c.state == fw::ContainerState::running) {
      c.state = fw::ContainerState::failed;
      nlohmann::ordered_json fields{{"container", name}, {"app", c.spec.app}, {"pid", pid}};
      if (WIFEXITED(status)) fields["exit_code"] = WEXITSTATUS(status);
      if (WIFSIGNALED(status)) fields["signal"] = WTERMSIG(status);
      emit_("container.exit", std::move(fields));
      return;
    }
  }
}

void ProcessRuntime::reap() {
  int status = 0;
  for (pid_t pid; (pid = waitpid(-1, &status, WNOHANG)) > 0;) on_exit(pid, status);
}

}  // namespace edgetwin::linux_box
