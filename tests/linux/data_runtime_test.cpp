// The data runtime (firmware-shim/linux data_runtime.hpp) against a stand-in client: a shell
// script that records each call and answers as a refusing or accepting server would. The real
// servers are in linux.netns_data.
#include "edgetwin/linux/data_runtime.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "stand_in_script_test.hpp"

namespace edgetwin::linux_box {
namespace {

class DataRuntimeTest : public StandInScriptTest {
 protected:
  void SetUp() override {
    make_dir("edgetwin-data-XXXXXX");
    client_ = dir_ + "/client.sh";
    // Records its arguments; answers like a refusing server while `refuse` exists (a MariaDB
    // error and exit 1, or for redis-cli an error reply and exit 0, as redis-cli does).
    std::ofstream(client_) << "#!/bin/sh\n"
                           << "echo \"$*\" >> " << dir_ << "/calls\n"
                           << "[ -e " << dir_ << "/slow ] && sleep 0.3\n"
                           << "if [ -e " << dir_ << "/refuse ]; then\n"
                           << "  if [ -e " << dir_
                           << "/redis ]; then echo 'ERR not now'; exit 0; fi\n"
                           << "  echo 'ERROR 1290 (HY000): refused'; exit 1\n"
                           << "fi\n";
    std::filesystem::permissions(client_, std::filesystem::perms::owner_all);
  }

  DataServer mariadb() const {
    DataServer s;
    s.app = "mysql";
    s.client = client_;
    s.socket = dir_ + "/mysqld.sock";
    s.peer_host = "10.77.0.2";
    s.peer_port = 3306;
    s.replication_user = "repl";
    s.replication_password = "pw";
    s.client_user = "app";
    s.semi_sync_timeout = fw::Duration::milliseconds(2000);
    return s;
  }
  void touch(const std::string& name) const { std::ofstream(dir_ + "/" + name) << ""; }
  void drop(const std::string& name) const { std::filesystem::remove(dir_ + "/" + name); }
  std::string client_;
};

TEST_F(DataRuntimeTest, ARefusedRoleChangeIsANamedEventRetriedWithBackOffUntilApplied) {
  DataRuntime data(platform_, processes_, dir_, {mariadb()});
  touch("refuse");
  data.apply("mysql", fw::DataRole::primary, "promoted");
  run_until([&] { return of("data.role_refused").size() >= 3; });
  const auto refusals = of("data.role_refused");
  ASSERT_GE(refusals.size(), 3u);
  EXPECT_EQ(refusals[0]["role"], "primary");
  EXPECT_EQ(refusals[0]["exit_code"], 1);
  EXPECT_EQ(refusals[0]["output"], "ERROR 1290 (HY000): refused");
  // Back-off: 250 ms, then doubling.
  EXPECT_EQ(refusals[0]["retry_ms"], 250);
  EXPECT_EQ(refusals[1]["retry_ms"], 500);
  EXPECT_EQ(refusals[2]["retry_ms"], 1000);
  EXPECT_TRUE(of("data.role_applied").empty());
  drop("refuse");
  run_until([&] { return !of("data.role_applied").empty(); });
  const auto applied = of("data.role_applied");
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0]["role"], "primary");
  EXPECT_EQ(applied[0]["why"], "promoted");
  EXPECT_EQ(applied[0]["attempts"], 4);
}

TEST_F(DataRuntimeTest, ANewerRoleReplacesTheOneInFlight) {
  DataRuntime data(platform_, processes_, dir_, {mariadb()});
  touch("slow");
  data.apply("mysql", fw::DataRole::primary, "promoted");
  data.apply("mysql", fw::DataRole::replica, "vip-lost");  // deposed while promoting
  run_until([&] { return !of("data.role_applied").empty(); });
  const auto applied = of("data.role_applied");
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0]["role"], "replica");
  // The promotion ran (it was in flight), then the replica script, last.
  const std::string c = calls();
  EXPECT_LT(c.find("mysql.primary.sql"), c.find("mysql.replica.sql"));
  EXPECT_GT(c.rfind("mysql.replica.sql"), c.rfind("mysql.primary.sql"));
}

TEST_F(DataRuntimeTest, ARedisErrorReplyIsARefusalThoughRedisCliExitsZero) {
  DataServer s;
  s.app = "redis";
  s.engine = DataEngine::redis;
  s.client = client_;
  s.port = 6379;
  s.peer_host = "10.77.0.1";
  s.peer_port = 6379;
  DataRuntime data(platform_, processes_, dir_, {s});
  touch("refuse");
  touch("redis");
  data.apply("redis", fw::DataRole::replica, "boot");
  run_until([&] { return !of("data.role_refused").empty(); });
  ASSERT_FALSE(of("data.role_refused").empty());
  EXPECT_EQ(of("data.role_refused")[0]["output"], "ERR not now");
  drop("refuse");
  run_until([&] { return !of("data.role_applied").empty(); });
  ASSERT_EQ(of("data.role_applied").size(), 1u);
  // Every step ran, the REPLICAOF of the peer last.
  const std::string c = calls();
  EXPECT_NE(c.find("CLIENT KILL TYPE normal"), std::string::npos);
  EXPECT_NE(c.rfind("REPLICAOF 10.77.0.1 6379"), std::string::npos);
  EXPECT_GT(c.rfind("REPLICAOF 10.77.0.1 6379"), c.rfind("CLIENT KILL"));
}

TEST_F(DataRuntimeTest, MariaDbScriptsFenceBeforeFollowingAndApplyTheRelayLogBeforeWriting) {
  const DataServer s = mariadb();
  const std::string replica = DataRuntime::mariadb_script(s, fw::DataRole::replica);
  // The app's connections go first (read_only waits for commits in progress), then read-only,
  // then replication of the peer over GTID.
  EXPECT_LT(replica.find("KILL CONNECTION USER 'app'"), replica.find("read_only=ON"));
  EXPECT_LT(replica.find("read_only=ON"), replica.find("CHANGE MASTER TO MASTER_HOST='10.77.0.2'"));
  EXPECT_NE(replica.find("MASTER_USE_GTID=current_pos"), std::string::npos);
  const std::string primary = DataRuntime::mariadb_script(s, fw::DataRole::primary);
  EXPECT_LT(primary.find("Slave has read all relay log"), primary.find("RESET SLAVE ALL"));
  EXPECT_NE(primary.find("rpl_semi_sync_master_timeout=2000;"), std::string::npos);
  EXPECT_EQ(primary.rfind("SET GLOBAL read_only=OFF;\n") + 26, primary.size());
}

}  // namespace
}  // namespace edgetwin::linux_box
