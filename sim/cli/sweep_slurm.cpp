// `--engine slurm`: one job array through sbatch, never a home-made scheduler. Every path the
// tasks use is absolute under the campaign folder, which must be on a path every node sees.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "atomic_file.hpp"
#include "sweep_engine.hpp"

namespace edgetwin::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kCancelWaitPolls = 30;  // after scancel, looks before the rest count as cancelled

// Task i runs line i+1 of tasks.txt: exe, scenario, seed, result, log (tab-separated, so that
// paths may hold spaces). Its stdout and stderr go to the run's log, as with --engine local.
constexpr const char* kTaskScript = R"sh(#!/bin/sh
# One task of an edgetwin campaign's job array (written by `edgetwin sweep --engine slurm`).
set -eu
line=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" "$1")
tab=$(printf '\t')
IFS=$tab read -r exe scenario seed result log <<TASK
$line
TASK
mkdir -p "$(dirname "$result")"
rm -f "$result" 2>/dev/null || :  # a stale result must not pass for this run's
exec "$exe" run "$scenario" --seed "$seed" --result "$result" >"$log" 2>&1
)sh";

const std::set<std::string>& terminal_states() {
  static const std::set<std::string> states{"COMPLETED", "FAILED",    "TIMEOUT",
                                            "CANCELLED", "NODE_FAIL", "OUT_OF_MEMORY",
                                            "PREEMPTED", "BOOT_FAIL", "DEADLINE"};
  return states;
}

std::string quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Shell {
  int status = -1;  // exit status, -1 when it did not exit
  std::string output;
};

// A Slurm client command, its stdout and stderr together (they are short answers).
Shell shell(const std::string& command) {
  Shell s;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return s;
  char buf[4096];
  while (const std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) s.output.append(buf, n);
  const int raw = ::pclose(pipe);
  s.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  while (!s.output.empty() && (s.output.back() == '\n' || s.output.back() == ' '))
    s.output.pop_back();
  return s;
}

// The value of `Key=` in one line of `scontrol -o show job`.
std::string field(const std::string& line, const std::string& key) {
  std::size_t start = std::string::npos;
  if (line.starts_with(key + "="))
    start = 0;
  else if (const auto at = line.find(" " + key + "="); at != std::string::npos)
    start = at + 1;
  if (start == std::string::npos) return "";
  const auto from = start + key.size() + 1;
  return line.substr(from, line.find(' ', from) - from);
}

// "7", or the tasks that share a record: "66-599", "1,3-5", "2-9%4" (a throttle after the %).
std::vector<std::size_t> task_ids(std::string text) {
  std::vector<std::size_t> ids;
  text = text.substr(0, text.find('%'));
  std::istringstream parts(text);
  for (std::string part; std::getline(parts, part, ',');) {
    const auto dash = part.find('-');
    const std::string first = part.substr(0, dash);
    const std::string last = dash == std::string::npos ? first : part.substr(dash + 1);
    if (first.empty() || last.empty() ||
        (first + last).find_first_not_of("0123456789") != std::string::npos)
      continue;
    for (std::size_t i = std::stoul(first); i <= std::stoul(last); ++i) ids.push_back(i);
  }
  return ids;
}

struct TaskState {
  std::string state;
  std::string exit_code;
};

// The state of every task that has a record of its own (pending tasks may share one record).
// `gone`: the controller no longer knows the job (it ended longer ago than MinJobAge).
std::map<std::size_t, TaskState> array_states(const std::string& job, bool& gone) {
  const Shell s = shell("scontrol -o show job " + quote(job));
  gone = s.status != 0 && s.output.find("Invalid job id") != std::string::npos;
  std::map<std::size_t, TaskState> out;
  std::istringstream lines(s.output);
  for (std::string line; std::getline(lines, line);)
    for (const auto i : task_ids(field(line, "ArrayTaskId")))
      out[i] = {field(line, "JobState"), field(line, "ExitCode")};
  return out;
}

bool write_text(const fs::path& path, const std::string& text, std::string& error) {
  AtomicFile file(path);
  if (!file.is_open()) {
    error = "cannot write " + path.string();
    return false;
  }
  file.stream() << text;
  return file.commit(error);
}

std::string sbatch_command(const fs::path& dir, std::size_t tasks, const SlurmOptions& o) {
  std::string cmd = "sbatch --parsable --job-name=edgetwin-campaign --array=0-" +
                    std::to_string(tasks - 1) + " --ntasks=1 --cpus-per-task=1" +
                    " --output=" + quote((dir / "task-%a.out").string());
  if (!o.partition.empty()) cmd += " --partition=" + quote(o.partition);
  if (o.time_limit_min != 0) cmd += " --time=" + std::to_string(o.time_limit_min);
  return cmd + " " + quote((dir / "task.sh").string()) + " " + quote((dir / "tasks.txt").string());
}

// tasks.txt and task.sh under DIR/slurm/, then sbatch; the job id, or nullopt after a message.
std::optional<std::string> submit(const std::string& exe, const Campaign& c,
                                  const std::vector<RunTask>& pending, const SlurmOptions& o,
                                  std::vector<std::string>& crashes) {
  const fs::path dir = c.dir / "slurm";
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string tasks;
  for (const auto& t : pending) {
    fs::create_directories(c.run_dir(t.point), ec);
    tasks += exe + "\t" + c.scenario_file(t.point).string() + "\t" + std::to_string(t.seed) + "\t" +
             c.result_path(t).string() + "\t" + c.log_path(t).string() + "\n";
  }
  std::string error;
  if (!write_text(dir / "tasks.txt", tasks, error) ||
      !write_text(dir / "task.sh", kTaskScript, error)) {
    crashes.push_back(error);
    return std::nullopt;
  }
  const Shell s = shell(sbatch_command(dir, pending.size(), o));
  const std::string job = s.output.substr(0, s.output.find(';'));
  if (s.status != 0 || job.empty() || job.find_first_not_of("0123456789") != std::string::npos) {
    crashes.push_back("sbatch failed: " + s.output);
    return std::nullopt;
  }
  return job;
}

struct ArrayWatch {
  const Campaign& c;
  const std::vector<RunTask>& pending;
  const std::string& job;
  campaign::CampaignDb& db;
  EngineOutcome& out;
  Progress& progress;
  std::vector<bool> recorded = std::vector<bool>(pending.size(), false);
  std::size_t done = 0;

  // Records task i as ended in `state`; a task without a result is a failed run, not a gap
  // (`crashed` when Slurm saw it complete: the run exited 0 without putting its result in place).
  void record(std::size_t i, const std::string& slurm_state, const std::string& engine_state) {
    const std::string state = slurm_state == "COMPLETED" ? "crashed" : slurm_state;
    std::string error, recorded_status;
    if (!record_run(db, c, pending[i], engine_state, state, std::nullopt, recorded_status, error)) {
      out.crashes.push_back(c.label(pending[i]) + ": " + error);
      out.db_failed = true;
    }
    const bool has_result = std::filesystem::is_regular_file(c.result_path(pending[i]));
    if (!has_result && !(out.cancelled && state == "CANCELLED"))
      out.crashes.push_back(c.label(pending[i]) + ": Slurm task " + job + "_" + std::to_string(i) +
                            " ended " + state + " without a result (see " +
                            c.log_path(pending[i]).string() + ")");
    recorded[i] = true;
    ++done;
    progress.finished(pending[i].point, recorded_status == "failed", !has_result);
  }

  // One look at the array: records the tasks that ended; returns the number running.
  std::size_t poll(bool give_up_on_rest) {
    bool gone = false;
    const auto states = array_states(job, gone);
    std::size_t running = 0;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      if (recorded[i]) continue;
      const auto it = states.find(i);
      const bool ended = it != states.end() && terminal_states().contains(it->second.state);
      if (it != states.end() && it->second.state == "RUNNING") ++running;
      if (ended)
        record(i, it->second.state,
               "slurm " + job + "_" + std::to_string(i) + " " + it->second.state + " exit " +
                   it->second.exit_code);
      else if (gone || give_up_on_rest)
        record(
            i, gone ? "UNKNOWN" : "CANCELLED",
            "slurm " + job + "_" + std::to_string(i) + (gone ? " no longer known" : " cancelled"));
    }
    return running;
  }
};

}  // namespace

void add_slurm_options(CLI::App& cmd, SlurmOptions& o) {
  cmd.add_option("--partition", o.partition, "Slurm partition for --engine slurm");
  cmd.add_option("--time-limit", o.time_limit_min,
                 "minutes each task may run with --engine slurm (a task past it is a failed "
                 "run, TIMEOUT)")
      ->check(CLI::Range(1u, 100000u));
}

bool slurm_reachable(const SlurmOptions& o) {
  const Shell s =
      shell("sinfo --noheader --format=%P" +
            (o.partition.empty() ? std::string() : " --partition=" + quote(o.partition)));
  if (s.status == 0 && !s.output.empty()) return true;
  std::cerr << "edgetwin: --engine slurm: no reachable Slurm controller"
            << (o.partition.empty() ? "" : " with partition " + o.partition)
            << "; `sinfo` answered: " << (s.output.empty() ? "(nothing)" : s.output) << "\n";
  return false;
}

EngineOutcome run_slurm(const std::string& exe, const Campaign& c,
                        const std::vector<RunTask>& pending, const SlurmOptions& o,
                        campaign::CampaignDb& db, Progress& progress) {
  EngineOutcome out;
  if (pending.empty()) return out;
  const auto job = submit(exe, c, pending, o, out.crashes);
  if (!job) return out;
  std::cerr << "sweep: submitted Slurm job array " << *job << " (" << pending.size() << " tasks)\n";
  ArrayWatch watch{c, pending, *job, db, out, progress};
  int polls_after_cancel = 0;
  while (watch.done < pending.size()) {
    if (interrupted() && !out.cancelled) {
      out.cancelled = true;
      shell("scancel " + quote(*job));
    }
    const bool give_up = out.cancelled && ++polls_after_cancel > kCancelWaitPolls;
    const std::size_t running = watch.poll(give_up);
    progress.set_running(running);
    progress.show();
    if (watch.done < pending.size()) std::this_thread::sleep_for(std::chrono::seconds(o.poll_s));
  }
  progress.end();
  return out;
}

}  // namespace edgetwin::cli
