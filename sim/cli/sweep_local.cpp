// `--engine local`: each run an `edgetwin run` child (a SimGrid engine per process, and a crash
// in one run cannot take the others down).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <map>

#include "sweep_engine.hpp"

namespace edgetwin::cli {
namespace {

namespace fs = std::filesystem;

volatile sig_atomic_t g_interrupted = 0;

void on_interrupt(int) { g_interrupted = 1; }

struct Child {
  RunTask task;
  std::chrono::steady_clock::time_point start;
};

std::optional<pid_t> spawn_run(const std::string& exe, const Campaign& c, const RunTask& task,
                               std::string& error) {
  std::error_code ignored;
  fs::create_directories(c.run_dir(task.point), ignored);
  fs::remove(c.result_path(task), ignored);  // a stale result must not pass for this run's
  auto pid = spawn_child(exe,
                         {"run", c.scenario_file(task.point).string(), "--seed",
                          std::to_string(task.seed), "--result", c.result_path(task).string()},
                         c.log_path(task).string(), error);
  if (!pid) error = c.label(task) + ": " + error;
  return pid;
}

// Records one ended child; false when the database refused it.
bool finish(const Campaign& c, const Child& child, int status, campaign::CampaignDb& db,
            Progress& progress, EngineOutcome& out) {
  const bool ran = WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 1);
  const bool cancelled = !ran && g_interrupted;
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - child.start).count();
  std::string error, recorded_status;
  const bool recorded =
      record_run(db, c, child.task, describe_status(status), cancelled ? "cancelled" : "crashed",
                 wall_s, recorded_status, error);
  // `edgetwin run` may exit 0 yet fail to put its result in place: that is no result either.
  const bool has_result = fs::is_regular_file(c.result_path(child.task));
  if (!has_result && !cancelled)
    out.crashes.push_back(c.label(child.task) + ": " + describe_status(status) + ", no " +
                          c.result_path(child.task).filename().string() + " (see " +
                          c.log_path(child.task).string() + ")");
  if (!recorded) {
    out.crashes.push_back(c.label(child.task) + ": " + error);
    out.db_failed = true;
  }
  progress.finished(child.task.point, recorded_status == "failed", !has_result);
  return recorded;
}

void stop_all(const std::map<pid_t, Child>& running) {
  for (const auto& [pid, child] : running) ::kill(pid, SIGTERM);
}

}  // namespace

void catch_interrupts() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: waitpid returns EINTR
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interrupted() { return g_interrupted != 0; }

EngineOutcome run_local(const std::string& exe, const Campaign& c,
                        const std::vector<RunTask>& pending, unsigned jobs,
                        campaign::CampaignDb& db, Progress& progress) {
  EngineOutcome out;
  std::map<pid_t, Child> running;
  std::size_t next = 0;
  bool stopping = false;
  progress.show(true);
  while (true) {
    while (!stopping && out.crashes.empty() && next < pending.size() && running.size() < jobs) {
      std::string error;
      const auto pid = spawn_run(exe, c, pending[next], error);
      if (!pid) {
        out.crashes.push_back(error);
        break;
      }
      running[*pid] = {pending[next++], std::chrono::steady_clock::now()};
      progress.started();
    }
    if (running.empty()) break;
    const auto stop_if_interrupted = [&] {
      if (!g_interrupted || stopping) return;
      stopping = true;
      out.cancelled = true;
      stop_all(running);
    };
    stop_if_interrupted();
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    stop_if_interrupted();
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;  // not one of ours
    const Child child = it->second;
    running.erase(it);
    if (!finish(c, child, status, db, progress, out)) stopping = true;
  }
  progress.end();
  return out;
}

}  // namespace edgetwin::cli
