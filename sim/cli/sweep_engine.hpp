#pragma once
// The engines that run a campaign's pending runs and record each in the database as it ends.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "sweep_campaign.hpp"

namespace edgetwin::cli {

struct EngineOutcome {
  std::vector<std::string> crashes;  // one message per run that ended without a result
  bool cancelled = false;            // Ctrl-C (SIGINT) or SIGTERM
  bool db_failed = false;            // a run could not be recorded (the message is in crashes)
};

// Local child processes, `jobs` at a time. After a crash no new run starts (a crash is a bug or
// a broken machine, and likely to repeat); the running ones are waited for and recorded.
EngineOutcome run_local(const std::string& exe, const Campaign& campaign,
                        const std::vector<RunTask>& pending, unsigned jobs,
                        campaign::CampaignDb& db, Progress& progress);

// SIGINT and SIGTERM set a flag instead of killing edgetwin, so it can stop its runs and leave
// the database consistent. Installed without SA_RESTART: a blocking wait returns EINTR.
void catch_interrupts();
bool interrupted();

}  // namespace edgetwin::cli

namespace edgetwin::cli {

struct SlurmOptions {
  std::string partition;        // empty: the cluster's default partition
  unsigned time_limit_min = 0;  // per task; 0: the partition's limit
  unsigned poll_s = 2;          // between two looks at the array's state
};

void add_slurm_options(CLI::App& cmd, SlurmOptions& options);

// True when `sinfo` answers; otherwise prints what it answered (exit 2 for the caller).
bool slurm_reachable(const SlurmOptions& options);

// One job array through sbatch (task i runs pending[i]), watched with squeue and `scontrol
// show job` until every task ended; each task recorded as it ends, from its result file or,
// without one, as a failed run with its Slurm state. Ctrl-C cancels the array (scancel).
EngineOutcome run_slurm(const std::string& exe, const Campaign& campaign,
                        const std::vector<RunTask>& pending, const SlurmOptions& options,
                        campaign::CampaignDb& db, Progress& progress);

}  // namespace edgetwin::cli
