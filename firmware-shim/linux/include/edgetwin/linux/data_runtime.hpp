#pragma once
// The data runtime of a real box: turns the firmware's data roles (DataService::on_role_change)
// into roles of the box's real database servers, MariaDB or Redis, which the box runs as
// containers. The firmware decides; this class only applies, and says when a server refused.
//
//   primary  MariaDB: the relay log applied (the replica's copy of every acknowledged write),
//            replication stopped and forgotten, semi-sync master (AFTER_SYNC) with the
//            firmware's semi_sync_timeout, writable. Redis: REPLICAOF NO ONE,
//            min-replicas-to-write 1 (semi-sync) with min-replicas-max-lag the timeout.
//   replica  (at boot, and after a step-down: "vip-lost", "deposed") fenced first: the app's
//            client connections killed, read-only; then a semi-sync replica of the peer's
//            server (CHANGE MASTER TO ... MASTER_USE_GTID=current_pos). Redis: clients killed,
//            REPLICAOF the peer, replica-read-only.
//
// The servers are driven through their own command-line clients (`mariadb`, `redis-cli`) run
// as jobs of the ProcessRuntime: a role change is rare, a fork costs ~10 ms, and the daemon's
// single-threaded loop never blocks on a server that hangs (a step is killed at kStepTimeout).
// A libmariadb connection would block the loop or need a thread per server.
//
// A replica's server is watched every kPollInterval (MariaDB: SHOW SLAVE STATUS, both threads
// running and Seconds_Behind_Master 0; Redis: INFO replication, link up and no sync in
// progress): the sync observer hears whether it holds its primary's data (data.server_sync),
// which the daemon passes to the firmware (DataService::set_server_in_sync), so that a box
// with a server behind its peer's never takes the VIP on priority. A replica whose primary
// refuses its GTID position (error 1236: a divergent tail it could not discard at boot) is
// the event data.divergent and stays out of sync (the operator re-clones it).
//
// A step that fails (the server not up yet, refusing the change, the client timing out) is the
// event `data.role_refused` (app, role, exit status, the client's last output) and is retried
// with back-off (kRetry*); a later role replaces a pending one. `data.role_applied` says when
// the server holds the role (`ms` since the firmware decided it).
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/firmware/base/backoff_policy.hpp"
#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/data/data_service.hpp"
#include "edgetwin/linux/process_runtime.hpp"

namespace edgetwin::linux_box {

enum class DataEngine { mariadb, redis };
std::string_view to_string(DataEngine e);

struct DataServer {
  std::string app;  // the firmware's data service
  DataEngine engine = DataEngine::mariadb;
  std::string client;      // the client binary: "mariadb" or "redis-cli" by default
  std::string socket;      // MariaDB: the local server's unix socket (root over unix_socket auth)
  std::uint16_t port = 0;  // Redis: the local server's port on 127.0.0.1
  std::string peer_host;   // the peer box's server, which a replica follows
  std::uint16_t peer_port = 0;
  std::string replication_user;  // MariaDB: the account the replica connects with
  std::string replication_password;
  std::string client_user;  // MariaDB: the app's account, whose connections a fence kills
  bool semi_sync = true;
  fw::Duration semi_sync_timeout = fw::Duration::milliseconds(10'000);
};

class DataRuntime {
 public:
  static constexpr fw::Duration kStepTimeout = fw::Duration::seconds(20);
  static constexpr fw::Duration kRetryInitial = fw::Duration::milliseconds(250);
  static constexpr fw::Duration kRetryMax = fw::Duration::seconds(5);
  static constexpr fw::Duration kPollInterval = fw::Duration::seconds(1);
  using SyncObserver = std::function<void(const std::string& app, bool in_sync)>;

  // `work_dir` holds each server's scripts and the output of its latest step.
  DataRuntime(fw::Platform& platform, ProcessRuntime& processes, std::string work_dir,
              std::vector<DataServer> servers);
  ~DataRuntime();
  DataRuntime(const DataRuntime&) = delete;  // timers and jobs hold `this`
  DataRuntime& operator=(const DataRuntime&) = delete;

  // The firmware's role for `app` (unknown apps are ignored); `why` as in data.role.
  void apply(const std::string& app, fw::DataRole role, std::string_view why);
  void on_server_sync(SyncObserver observer) { sync_observer_ = std::move(observer); }

  // The commands (argv lists, run in order) that put a server in `role`; public for the tests.
  std::vector<std::vector<std::string>> steps(const DataServer& s, fw::DataRole role) const;
  // MariaDB's script for `role` (run by `mariadb ... -e "source FILE"`).
  static std::string mariadb_script(const DataServer& s, fw::DataRole role);

 private:
  struct Server {
    DataServer config;
    std::optional<fw::DataRole> wanted;  // the firmware's latest role
    std::string why;
    fw::Time decided;
    std::optional<fw::DataRole> running;  // the role the running job applies
    std::size_t step = 0;
    pid_t job = -1;
    fw::TimerId timeout_timer = 0;
    fw::TimerId retry_timer = 0;
    fw::BackoffPolicy backoff;
    int attempt = 0;
    fw::TimerId poll_timer = 0;
    pid_t poll_job = -1;
    std::optional<bool> reported;  // the last in-sync state told to the observer
    bool divergent_reported = false;
  };
  void report(Server& s, bool in_sync);
  void poll(Server& s);
  void on_poll_done(Server& s);
  void run(Server& s);
  void run_step(Server& s);
  void on_step_done(Server& s, int status);
  void refused(Server& s, const std::string& reason, int status);
  std::string output_path(const Server& s) const;

  fw::Platform& platform_;
  ProcessRuntime& processes_;
  std::string work_dir_;
  std::map<std::string, Server> servers_;  // by app
  SyncObserver sync_observer_;
};

}  // namespace edgetwin::linux_box
