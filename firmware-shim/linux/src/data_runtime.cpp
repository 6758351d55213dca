#include "edgetwin/linux/data_runtime.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace edgetwin::linux_box {
namespace {

// A string inside single quotes in SQL (the config's checks already refuse quotes and
// backslashes in these values; this keeps the script well-formed whatever it is given).
std::string sql_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string read_tail(const std::string& path, std::size_t max) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return {};
  std::string text;
  std::array<char, 4096> buf{};
  for (ssize_t n; (n = read(fd, buf.data(), buf.size())) > 0;) {
    text.append(buf.data(), static_cast<std::size_t>(n));
    if (text.size() > 4 * max) text.erase(0, text.size() - max);
  }
  close(fd);
  if (text.size() > max) text.erase(0, text.size() - max);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// redis-cli exits 0 on an error reply: its output says whether the server refused.
bool redis_refused(const std::string& output) {
  static constexpr std::array<std::string_view, 10> kErrors{
      "ERR",  "(error)", "NOAUTH",     "LOADING",    "READONLY",
      "BUSY", "NOPERM",  "MASTERDOWN", "NOREPLICAS", "WRONGTYPE"};
  for (const auto e : kErrors)
    if (output.rfind(e, 0) == 0) return true;
  return false;
}

constexpr int kNoStatus = -1;  // a step that never ran: no wait status

bool write_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return false;
  const bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  return ok && rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace

std::string_view to_string(DataEngine e) { return e == DataEngine::mariadb ? "mariadb" : "redis"; }

DataRuntime::DataRuntime(fw::Platform& platform, ProcessRuntime& processes, std::string work_dir,
                         std::vector<DataServer> servers)
    : platform_(platform), processes_(processes), work_dir_(std::move(work_dir)) {
  for (auto& s : servers) {
    Server& server = servers_[s.app];
    server.config = std::move(s);
    server.backoff = fw::BackoffPolicy({kRetryInitial, 2, kRetryMax, fw::Duration::seconds(600)});
  }
}

DataRuntime::~DataRuntime() {
  for (auto& [app, s] : servers_) {
    platform_.cancel(s.timeout_timer);
    platform_.cancel(s.retry_timer);
    platform_.cancel(s.poll_timer);
    processes_.abandon_job(s.job);
    processes_.abandon_job(s.poll_job);
  }
}

// The fence comes first and in one script with the rest: a deposed primary stops taking
// writes (its clients cut, read-only) before anything else can fail. read_only follows the
// kill, since setting it waits for commits in progress (a commit waiting for a semi-sync ack
// would hold it up to the timeout). The primary applies its relay log before it is writable:
// semi-sync acknowledged each write once it was in this relay log, not once applied.
std::string DataRuntime::mariadb_script(const DataServer& s, fw::DataRole role) {
  std::string sql;
  if (role == fw::DataRole::replica) {
    if (!s.client_user.empty()) sql += "KILL CONNECTION USER " + sql_quote(s.client_user) + ";\n";
    sql +=
        "SET GLOBAL read_only=ON;\n"
        "SET GLOBAL rpl_semi_sync_master_enabled=OFF;\n"
        "SET GLOBAL rpl_semi_sync_slave_enabled=ON;\n"
        "STOP SLAVE;\n"
        // A cut link is noticed in seconds (heartbeats every second, reconnect after 4 s of
        // silence), not after the default minute: until then the replica would look in sync.
        "SET GLOBAL slave_net_timeout=4;\n"
        "CHANGE MASTER TO MASTER_HOST=" +
        sql_quote(s.peer_host) + ", MASTER_PORT=" + std::to_string(s.peer_port) +
        ", MASTER_USER=" + sql_quote(s.replication_user) +
        ", MASTER_PASSWORD=" + sql_quote(s.replication_password) +
        ", MASTER_USE_GTID=current_pos, MASTER_CONNECT_RETRY=1, MASTER_HEARTBEAT_PERIOD=1;\n"
        "START SLAVE;\n";
    return sql;
  }
  const auto timeout_ms = s.semi_sync_timeout.count_ns() / 1'000'000;
  sql +=
      "STOP SLAVE IO_THREAD;\n"
      "delimiter //\n"
      "BEGIN NOT ATOMIC\n"
      "  DECLARE n INT DEFAULT 0;\n"
      "  WHILE n < 300 AND EXISTS (SELECT 1 FROM information_schema.PROCESSLIST\n"
      "        WHERE COMMAND = 'Slave_SQL' AND STATE NOT LIKE 'Slave has read all relay log%') DO\n"
      "    DO SLEEP(0.05);\n"
      "    SET n = n + 1;\n"
      "  END WHILE;\n"
      "END//\n"
      "delimiter ;\n"
      "STOP SLAVE;\n"
      "RESET SLAVE ALL;\n"
      "SET GLOBAL rpl_semi_sync_slave_enabled=OFF;\n"
      "SET GLOBAL rpl_semi_sync_master_wait_point=AFTER_SYNC;\n"
      "SET GLOBAL rpl_semi_sync_master_timeout=" +
      std::to_string(timeout_ms) + ";\n" +
      "SET GLOBAL rpl_semi_sync_master_enabled=" + (s.semi_sync ? "ON" : "OFF") + ";\n" +
      "SET GLOBAL read_only=OFF;\n";
  return sql;
}

std::vector<std::vector<std::string>> DataRuntime::steps(const DataServer& s,
                                                         fw::DataRole role) const {
  if (s.engine == DataEngine::mariadb) {
    const std::string client = s.client.empty() ? "mariadb" : s.client;
    const std::string script =
        work_dir_ + "/data-" + s.app + "." + std::string(to_string(role)) + ".sql";
    return {{client, "--no-defaults", "--socket=" + s.socket, "-uroot", "--batch",
             "--connect-timeout=2", "-e", "source " + script}};
  }
  const std::string client = s.client.empty() ? "redis-cli" : s.client;
  const std::vector<std::string> cli{client, "-h", "127.0.0.1", "-p", std::to_string(s.port)};
  auto cmd = [&](std::initializer_list<std::string> args) {
    std::vector<std::string> argv = cli;
    argv.insert(argv.end(), args);
    return argv;
  };
  const auto lag_s = std::max<std::int64_t>(1, s.semi_sync_timeout.count_ns() / 1'000'000'000);
  if (role == fw::DataRole::primary)
    return {cmd({"REPLICAOF", "NO", "ONE"}),
            cmd({"CONFIG", "SET", "min-replicas-max-lag", std::to_string(lag_s)}),
            cmd({"CONFIG", "SET", "min-replicas-to-write", s.semi_sync ? "1" : "0"})};
  return {cmd({"CONFIG", "SET", "min-replicas-to-write", "0"}),
          cmd({"CLIENT", "KILL", "TYPE", "normal"}),
          cmd({"CONFIG", "SET", "replica-read-only", "yes"}),
          cmd({"REPLICAOF", s.peer_host, std::to_string(s.peer_port)})};
}

std::string DataRuntime::output_path(const Server& s) const {
  return work_dir_ + "/data-" + s.config.app + ".out";
}

void DataRuntime::apply(const std::string& app, fw::DataRole role, std::string_view why) {
  auto it = servers_.find(app);
  if (it == servers_.end()) return;
  Server& s = it->second;
  s.wanted = role;
  s.why = std::string(why);
  s.decided = platform_.now();
  s.attempt = 0;
  s.backoff.reset();
  platform_.cancel(s.retry_timer);
  s.retry_timer = 0;
  platform_.cancel(s.poll_timer);
  s.poll_timer = 0;
  s.divergent_reported = false;
  // A primary's server is the data; a replica's is in sync once the poll says so.
  report(s, role == fw::DataRole::primary);
  if (s.job > 0) return;  // the running step finishes (or times out), then the new role runs
  run(s);
}

void DataRuntime::run(Server& s) {
  if (!s.wanted) return;
  s.running = s.wanted;
  s.step = 0;
  ++s.attempt;
  if (s.config.engine == DataEngine::mariadb) {
    const std::string script =
        work_dir_ + "/data-" + s.config.app + "." + std::string(to_string(*s.running)) + ".sql";
    if (!write_file(script, mariadb_script(s.config, *s.running)))
      return refused(s, "cannot write " + script, kNoStatus);
  }
  run_step(s);
}

void DataRuntime::run_step(Server& s) {
  const auto argv = steps(s.config, *s.running);
  s.job = processes_.run_job(argv[s.step], output_path(s),
                             [this, &s](int status) { on_step_done(s, status); });
  if (s.job <= 0) return refused(s, "fork failed", kNoStatus);
  s.timeout_timer = platform_.after(kStepTimeout, [this, &s] {
    s.timeout_timer = 0;
    processes_.kill_job(s.job);  // its done() reports the kill
  });
}

void DataRuntime::on_step_done(Server& s, int status) {
  s.job = -1;
  platform_.cancel(s.timeout_timer);
  s.timeout_timer = 0;
  const std::string output = read_tail(output_path(s), 300);
  const bool exited_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  const bool ok = exited_ok && !(s.config.engine == DataEngine::redis && redis_refused(output));
  if (s.wanted != s.running) return run(s);  // a newer role: it replaces this one at once
  if (!ok) return refused(s, output.empty() ? "no output" : output, status);
  if (++s.step < steps(s.config, *s.running).size()) return run_step(s);
  platform_.events().emit("data.role_applied",
                          {{"app", s.config.app},
                           {"engine", to_string(s.config.engine)},
                           {"role", to_string(*s.running)},
                           {"why", s.why},
                           {"attempts", s.attempt},
                           {"ms", (platform_.now() - s.decided).count_ns() / 1'000'000}});
  s.running.reset();
  s.backoff.reset();
  if (*s.wanted == fw::DataRole::replica) poll(s);
}

void DataRuntime::report(Server& s, bool in_sync) {
  if (s.reported == in_sync) return;
  s.reported = in_sync;
  platform_.events().emit("data.server_sync", {{"app", s.config.app}, {"in_sync", in_sync}});
  if (sync_observer_) sync_observer_(s.config.app, in_sync);
}

void DataRuntime::poll(Server& s) {
  s.poll_timer = 0;
  if (s.poll_job > 0) {
    processes_.kill_job(s.poll_job);  // hung a whole interval: its done() comes, then retry
  } else {
    std::vector<std::string> argv;
    if (s.config.engine == DataEngine::mariadb)
      argv = {s.config.client.empty() ? "mariadb" : s.config.client,
              "--no-defaults",
              "--socket=" + s.config.socket,
              "-uroot",
              "--connect-timeout=1",
              "-e",
              "SHOW SLAVE STATUS\\G"};
    else
      argv = {s.config.client.empty() ? "redis-cli" : s.config.client,
              "-h",
              "127.0.0.1",
              "-p",
              std::to_string(s.config.port),
              "INFO",
              "replication"};
    s.poll_job = processes_.run_job(argv, work_dir_ + "/data-" + s.config.app + ".status",
                                    [this, &s](int) { on_poll_done(s); });
  }
  s.poll_timer = platform_.after(kPollInterval, [this, &s] { poll(s); });
}

void DataRuntime::on_poll_done(Server& s) {
  s.poll_job = -1;
  if (s.wanted != fw::DataRole::replica || s.running) return;  // a role change is under way
  const std::string out = read_tail(work_dir_ + "/data-" + s.config.app + ".status", 8192);
  auto has = [&](std::string_view text) { return out.find(text) != std::string::npos; };
  if (s.config.engine == DataEngine::redis)
    return report(s, has("master_link_status:up") && has("master_sync_in_progress:0"));
  if (has("Last_IO_Errno: 1236") && !s.divergent_reported) {
    s.divergent_reported = true;
    const auto at = out.find("Last_IO_Error: ");
    platform_.events().emit(
        "data.divergent",
        {{"app", s.config.app},
         {"error",
          at == std::string::npos ? "" : out.substr(at + 15, out.find('\n', at) - at - 15)}});
  }
  report(s, has("Slave_IO_Running: Yes") && has("Slave_SQL_Running: Yes") &&
                has("Seconds_Behind_Master: 0\n"));
}

void DataRuntime::refused(Server& s, const std::string& reason, int status) {
  nlohmann::ordered_json fields{{"app", s.config.app},
                                {"engine", to_string(s.config.engine)},
                                {"role", to_string(*s.running)},
                                {"step", s.step},
                                {"attempt", s.attempt}};
  if (status != kNoStatus && WIFEXITED(status)) fields["exit_code"] = WEXITSTATUS(status);
  if (status != kNoStatus && WIFSIGNALED(status)) fields["signal"] = WTERMSIG(status);
  fields["output"] = reason;
  const fw::Duration delay = s.backoff.next_delay(platform_.now());
  fields["retry_ms"] = delay.count_ns() / 1'000'000;
  platform_.events().emit("data.role_refused", std::move(fields));
  s.running.reset();
  s.retry_timer = platform_.after(delay, [this, &s] {
    s.retry_timer = 0;
    run(s);
  });
}

}  // namespace edgetwin::linux_box
