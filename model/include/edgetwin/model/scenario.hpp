#pragma once
// The scenario file (edgetwin.scenario/v1, see FORMATS.md), resolved against its fleet.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgetwin/model/diagnostic.hpp"
#include "edgetwin/model/fleet.hpp"

namespace edgetwin::model {

struct RandomFault {
  double rate_per_day = 0;  // per matching target
  double for_s = 0;
};

struct FaultSpec {
  std::string kind;    // a row of fault_kinds.hpp
  std::string target;  // "site", "site/box", "site/box/app", "*" or "" (cloud-wide faults)
  double at_s = 0;
  std::optional<double> for_s;       // absent: the fault lasts until the end of the run
  std::optional<RandomFault> random; // random faults have no at_s
  nlohmann::json params;             // kind-specific fields (latency_ms, loss, mbps, ...)
  std::string pointer;               // where it is in the file, for messages
};

struct Expectation {
  std::string metric;
  std::optional<std::string> site;
  std::optional<std::string> app;
  std::optional<double> min;
  std::optional<double> max;
  std::optional<double> equals;
  std::optional<double> at_s;
  nlohmann::ordered_json raw;  // as written, echoed into the result
  std::string pointer;
};

// A version of one app as the rollout deploys it (the scenario's `rollout.apps` overrides).
// How a version misbehaves once it runs (a rollout's `apps.<app>.behaviour`), so a rollout
// can ship a broken release and its canary can catch it. Unset: the version is healthy.
struct AppBehaviour {
  std::optional<double> crash_after_s;   // each container fails this long after it starts
  bool unready = false;                  // readiness probes fail: it never serves
  bool probe_timeout = false;            // every probe hangs until its timeout
  std::optional<double> cpu_use;         // above cpu_limit: throttled, readiness times out
  std::optional<double> memory_use_mib;  // above memory_limit_mib: OOM-killed at start
};

struct RolloutApp {
  std::string name;
  std::string version;
  double image_mib = 0;
  std::optional<AppBehaviour> behaviour;
};

// The scenario's `rollout`: a business system deployed to every site running it, in waves.
struct RolloutSpec {
  std::string system;
  double at_s = 0;
  int canary_sites = 1;
  int wave_sites = 50;
  int max_parallel_downloads = 100;
  int pause_if_failed_sites = 1;
  double site_timeout_s = 3600;  // extension: a site not ready by then counts as failed
  // Extension: a site counts as ready only once its apps run the new versions with every
  // replica ready for `soak_s` after the switch (0: ready when the images are installed).
  double soak_s = 0;
  bool rollback_on_failure = false;  // `on_failure`: "pause" (default) or "rollback"
  std::vector<RolloutApp> apps;       // every app of the system, overrides applied, in order
  std::string pointer;                // "/rollout" or "/rollouts/N", for messages
};
// A scenario's `rollouts` hold at most this many (each one is a console command of the run).
inline constexpr std::size_t kRolloutsMax = 16;

// One app operation the scenario runs from the cloud (`operations`), per named site.
struct OperationSpec {
  double at_s = 0;
  std::string actor = "admin";  // the account; "admin" owns every site's cluster
  std::vector<std::string> sites;
  std::string op;  // deploy | upgrade | rollback | delete | scale | request | approve |
                   // rollout.* | replace-box
  std::string app;
  std::string version;           // deploy (default: the fleet's), upgrade (required)
  std::optional<int> replicas;   // deploy (default: the fleet's), scale (required)
  int max_unavailable = 1;       // upgrade, rollback
  int max_surge = 0;
  // replace-box (`target` "site/box"; sites holds the site): the box swapped at at_s, the new
  // one powered on `swap_s` later (docs/activation.md, "Box replacement").
  std::string box;
  double swap_s = 300;
  std::string pointer;
};

// A permission the owner grants another account on sites' clusters (`grants`).
struct GrantSpec {
  std::string account;
  std::vector<std::string> sites;
  std::vector<std::string> permissions;  // deploy | om
};

// One command of the consoles (`console`, docs/formats-extensions.md): the cloud console's
// accounts, grants and O&M (authorized by the cluster's permissions when it runs), or the box's
// edge console (the super account's login and password change). A denial or refusal is an
// outcome of the run, not a file error.
struct ConsoleOperationSpec {
  double at_s = 0;
  std::string op;     // one of console_operation_names()
  std::string actor;  // the account acting (for login: the user logging in)
  std::string site;   // the cluster (one site)
  std::string box;    // the node: edge console ops, reset-password, node-*
  std::string password;      // login, change-password (the old one), create-user
  std::string new_password;  // change-password
  std::string user;          // create-user
  std::optional<std::string> phone;     // create-user (absent: refused, as the console does)
  std::string account;                  // grant, revoke: the grantee
  std::vector<std::string> permissions; // grant: deploy | om
  std::string name, description;        // cluster-edit
  std::string pointer;
};
const std::vector<std::string>& console_operation_names();

// `install` (with "start": "factory"): when each site's boxes are installed and power on
// (docs/activation.md, "A first deployment at fleet scale"). Sites go in at a steady rate from
// `from_s`: the k-th (0-based) at from_s + k * 86400 / sites_per_day, in the fleet's order or
// shuffled by the run's seed ("random").
struct InstallSchedule {
  double sites_per_day = 0;
  double from_s = 0;
  std::string order = "fleet";  // fleet | random
};

struct Scenario {
  std::string name;
  std::string source_path;
  Fleet fleet;
  std::uint64_t seed = 1;
  double duration_s = 3600;
  std::string start = "running";  // running | factory
  std::optional<InstallSchedule> install;  // factory only; absent: every box powers on at t=0
  std::vector<FaultSpec> faults;
  std::vector<Expectation> expect;
  nlohmann::json workloads = nlohmann::json::array();  // kept for later issues
  nlohmann::json rollout;                               // null when absent, as written
  std::optional<RolloutSpec> rollout_spec;              // the first of `rollouts`
  // `rollout`, or each of `rollouts` (a later one starts at its at_s once the one before has
  // ended), checked and resolved, by at_s.
  std::vector<RolloutSpec> rollouts;
  std::vector<OperationSpec> operations;                // by at_s, then file order
  std::vector<GrantSpec> grants;
  std::vector<ConsoleOperationSpec> console;             // by at_s, then file order
};

// Metric names `expect` may name.
const std::vector<std::string>& known_metrics();

Parsed<Scenario> parse_scenario(std::string_view text, const std::string& file);
Parsed<Scenario> load_scenario_file(const std::filesystem::path& path);

}  // namespace edgetwin::model
