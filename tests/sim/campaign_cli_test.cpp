// `edgetwin sweep --set ...` campaigns and `edgetwin report DIR` as a planner or a CI job runs
// them: the grid's points, results.sqlite, resume, bad input, Ctrl-C (docs/campaigns.md).
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

using edgetwin::test::edgetwin;
using edgetwin::test::Outcome;
using edgetwin::test::scratch;
using edgetwin::test::slurp;

const std::string kCrash = std::string(EDGETWIN_TEST_DATA) + "/box-crash.scenario.json";
const std::string kGrid = " --set /duration_s=400,500 --set fleet:/site_defaults/wan/mbps=20,100 ";

// The first column of the first row of `sql`, as text ("" when there is none).
std::string query(const fs::path& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  std::string out;
  if (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
    out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

TEST(CampaignCli, TwoByTwoGridWritesEveryPointEveryRunTheDatabaseAndAReport) {
  const fs::path dir = scratch("grid");
  const Outcome o =
      edgetwin("sweep " + kCrash + " --seeds 1..2 --jobs 2" + kGrid + "--out " + dir.string());
  ASSERT_EQ(o.status, 0) << o.out;
  const Json p3 = Json::parse(slurp(dir / "points/p003.scenario.json"));
  EXPECT_EQ(p3["duration_s"], 500);
  EXPECT_EQ(p3["fleet"]["site_defaults"]["wan"]["mbps"], 20);  // the fleet inlined, then set
  const Json p4 = Json::parse(slurp(dir / "points/p004.scenario.json"));
  EXPECT_EQ(p4["fleet"]["site_defaults"]["wan"]["mbps"], 100);
  EXPECT_EQ(p4["fleet"]["sites"][1]["wan"]["mbps"], 20);  // a site's own value stays
  EXPECT_EQ(Json::parse(slurp(dir / "runs/p003/seed-2.result.json"))["seed"], 2);
  EXPECT_EQ(Json::parse(slurp(dir / "runs/p004/sweep.json"))["runs"], 2);
  EXPECT_NE(o.out.find("p004 /duration_s=500 fleet:/site_defaults/wan/mbps=100: sweep"),
            std::string::npos)
      << o.out;
  const fs::path db = dir / "results.sqlite";
  EXPECT_EQ(query(db, "SELECT count(*) FROM runs WHERE status = 'passed'"), "8");
  EXPECT_EQ(query(db, "SELECT group_concat(value) FROM point_params WHERE point = 3"), "500,20");
  EXPECT_EQ(query(db, "SELECT count(DISTINCT run) FROM metrics WHERE metric = 'peer_detect_s'"),
            "8");
  EXPECT_EQ(query(db, "SELECT count(*) FROM assertions WHERE passed = 1"), "40");

  const Outcome r = edgetwin("report " + dir.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const Json report = Json::parse(slurp(dir / "report.json"));
  ASSERT_EQ(report["points"].size(), 4u);
  EXPECT_EQ(report["points"][0]["assertions"][0]["pass_rate"], 1.0);
  EXPECT_EQ(report["points"][0]["metrics"]["vip_failover_s"]["count"], 2);
  EXPECT_NE(slurp(dir / "report.html").find("<svg "), std::string::npos);
  EXPECT_EQ(slurp(dir / "comparison.csv").find("point,/duration_s,fleet:/site_defaults/wan/mbps,"),
            0u);
}

TEST(CampaignCli, WithoutSetTheSweepIsOnePointAndGivesTheSameMetricsAsARun) {
  const fs::path dir = scratch("one");
  ASSERT_EQ(edgetwin("sweep " + kCrash + " --seeds 3..3 --out " + dir.string()).status, 0);
  const fs::path alone = scratch("alone.result.json");
  ASSERT_EQ(edgetwin("run " + kCrash + " --seed 3 --result " + alone.string()).status, 0);
  EXPECT_EQ(Json::parse(slurp(dir / "seed-3.result.json"))["metrics"],
            Json::parse(slurp(alone))["metrics"]);
  EXPECT_TRUE(fs::exists(dir / "points/p001.scenario.json"));
  EXPECT_TRUE(fs::exists(dir / "sweep.json"));
}

TEST(CampaignCli, AnInvalidPointIsAFileLineColumnErrorNamingItsSetAndNothingRuns) {
  const fs::path dir = scratch("bad-point");
  const Outcome o =
      edgetwin("sweep " + kCrash + " --seeds 1..2 --set /duration_s=400,-5 --out " + dir.string());
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("points/p002.scenario.json:"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("(at /duration_s) [point p002, made by --set /duration_s=400,-5]"),
            std::string::npos)
      << o.out;
  EXPECT_EQ(o.out.find("p001.scenario.json:"), std::string::npos) << o.out;
  EXPECT_FALSE(fs::exists(dir));
}

TEST(CampaignCli, AWrongTypeInTheFleetNamesTheFleetSet) {
  const fs::path dir = scratch("bad-type");
  const Outcome o = edgetwin("sweep " + kCrash + " --seeds 1..1 --set /duration_s=400 " +
                             "--set fleet:/site_defaults/wan/mbps=fast --out " + dir.string());
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("(at /fleet/site_defaults/wan/mbps) [point p001, made by --set "
                       "fleet:/site_defaults/wan/mbps=fast]"),
            std::string::npos)
      << o.out;
  EXPECT_FALSE(fs::exists(dir));
}

TEST(CampaignCli, AnUnknownPointerAMalformedSetOrTooManyRunsExitTwo) {
  const fs::path dir = scratch("bad-set");
  const Outcome unknown =
      edgetwin("sweep " + kCrash + " --seeds 1..2 --set /nosuch/x=1 --out " + dir.string());
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(
      unknown.out.find("--set /nosuch/x=1: /nosuch is not an object or array in the scenario"),
      std::string::npos)
      << unknown.out;
  const Outcome no_slash =
      edgetwin("sweep " + kCrash + " --seeds 1..2 --set duration_s=1 --out " + dir.string());
  EXPECT_EQ(no_slash.status, 2);
  EXPECT_NE(no_slash.out.find("expected PATH=V1,V2,..."), std::string::npos) << no_slash.out;
  const Outcome big =
      edgetwin("sweep " + kCrash +
               " --seeds 1..10000 --set /duration_s=1,2,3,4,5,6,7,8,9,10,11 --out " + dir.string());
  EXPECT_EQ(big.status, 2);
  EXPECT_NE(big.out.find("more than 100000 runs"), std::string::npos) << big.out;
  EXPECT_FALSE(fs::exists(dir));
}

TEST(CampaignCli, TheSameCommandAgainSkipsFinishedRunsAndFreshRunsThemAll) {
  const fs::path dir = scratch("resume");
  const std::string cmd = "sweep " + kCrash + " --jobs 2 --out " + dir.string();
  ASSERT_EQ(edgetwin(cmd + " --seeds 1..2").status, 0);
  fs::remove(dir / "seed-1.log");
  const Outcome again = edgetwin(cmd + " --seeds 1..3");
  ASSERT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("runs 2/3 done"), std::string::npos) << again.out;
  EXPECT_FALSE(fs::exists(dir / "seed-1.log"));  // not run again
  EXPECT_TRUE(fs::exists(dir / "seed-3.log"));
  EXPECT_EQ(query(dir / "results.sqlite", "SELECT count(*) FROM runs"), "3");
  ASSERT_EQ(edgetwin(cmd + " --seeds 1..3 --fresh").status, 0);
  EXPECT_TRUE(fs::exists(dir / "seed-1.log"));
  const Outcome other_grid = edgetwin(cmd + " --seeds 1..3 --set /duration_s=500");
  EXPECT_EQ(other_grid.status, 2);
  EXPECT_NE(other_grid.out.find("another grid"), std::string::npos) << other_grid.out;
  EXPECT_EQ(query(dir / "results.sqlite", "SELECT count(*) FROM runs"), "3");
}

TEST(CampaignCli, ADatabaseOfAnotherSchemaVersionExitsTwoAndStaysAsItWas) {
  const fs::path dir = scratch("old-db");
  fs::create_directories(dir);
  sqlite3* db = nullptr;
  sqlite3_open((dir / "results.sqlite").c_str(), &db);
  sqlite3_exec(db,
               "CREATE TABLE runs (x); INSERT INTO runs VALUES (42);"
               "PRAGMA application_id = 1701078868; PRAGMA user_version = 9;",
               nullptr, nullptr, nullptr);
  sqlite3_close(db);
  const std::string before = slurp(dir / "results.sqlite");
  const Outcome o = edgetwin("sweep " + kCrash + " --seeds 1..2 --out " + dir.string());
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("schema version 9"), std::string::npos) << o.out;
  EXPECT_EQ(slurp(dir / "results.sqlite"), before);
  EXPECT_FALSE(fs::exists(dir / "seed-1.log"));
  EXPECT_EQ(edgetwin("report " + dir.string()).status, 2);
}

TEST(CampaignCli, AFailingSeedIsInTheReportWithACommandThatReplaysIt) {
  const fs::path scenario = scratch("strict.scenario.json");
  std::string text = slurp(kCrash);
  text.replace(text.find("\"max\": 3.001"), 12, "\"max\": 0.5  ");
  text.replace(text.find("../../../scenarios/"), 19, std::string(EDGETWIN_SCENARIOS) + "/");
  std::ofstream(scenario) << text;
  const fs::path dir = scratch("strict");
  EXPECT_EQ(edgetwin("sweep " + scenario.string() + " --seeds 1..2 --out " + dir.string()).status,
            1);
  ASSERT_EQ(edgetwin("report " + dir.string()).status, 0);
  const Json report = Json::parse(slurp(dir / "report.json"));
  const Json& failing = report["points"][0]["failing_seeds"];
  ASSERT_EQ(failing.size(), 2u);
  EXPECT_EQ(report["points"][0]["assertions"][0]["pass_rate"], 0.0);
  const std::string replay = failing[1]["replay"].get<std::string>();
  ASSERT_EQ(replay.find("edgetwin run "), 0u) << replay;
  const Outcome o = edgetwin(replay.substr(std::string("edgetwin ").size()));
  EXPECT_EQ(o.status, 1) << o.out;  // the same seed fails the same way
}

TEST(CampaignCli, SlurmWithoutAReachableControllerExitsTwoQuotingSinfoAndWritesNothing) {
  // A configuration whose controller does not listen (or, where Slurm is not installed, no
  // sinfo at all): either way sinfo's answer is the message.
  const fs::path conf = scratch("nowhere.slurm.conf");
  std::ofstream(conf) << "ClusterName=nowhere\nSlurmctldHost=localhost\nSlurmctldPort=1\n"
                         "AuthType=auth/none\nCredType=cred/none\nMessageTimeout=2\n";
  ::setenv("SLURM_CONF", conf.c_str(), 1);
  const fs::path dir = scratch("no-slurm");
  const Outcome o =
      edgetwin("sweep " + kCrash + " --seeds 1..2 --engine slurm --out " + dir.string());
  EXPECT_EQ(o.status, 2) << o.out;
  EXPECT_NE(o.out.find("--engine slurm: no reachable Slurm controller; `sinfo` answered: "),
            std::string::npos)
      << o.out;
  const std::string answer = o.out.substr(o.out.find("answered: ") + 10);
  EXPECT_GT(answer.size(), 5u) << o.out;  // what sinfo said, e.g. "Unable to contact ..."
  EXPECT_EQ(answer.find("(nothing)"), std::string::npos) << o.out;
  EXPECT_FALSE(fs::exists(dir));
}

// Starts `edgetwin args...` with its output in `log`; its pid.
pid_t start(const std::vector<std::string>& args, const fs::path& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::freopen(log.c_str(), "w", stdout);
    ::dup2(STDOUT_FILENO, STDERR_FILENO);
    std::vector<char*> argv{const_cast<char*>(EDGETWIN_BIN)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(EDGETWIN_BIN, argv.data());
    ::_exit(127);
  }
  return pid;
}

TEST(CampaignCli, CtrlCStopsTheRunsKeepsEveryFinishedOneAndTheSameCommandResumes) {
  const fs::path dir = scratch("interrupted");
  const std::vector<std::string> args{"sweep",  kCrash, "--seeds", "1..60",
                                      "--jobs", "1",    "--out",   dir.string()};
  const pid_t pid = start(args, scratch("interrupted.log"));
  for (int i = 0; i < 3000 && !fs::exists(dir / "seed-2.result.json"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << slurp(scratch("interrupted.log"));
  const fs::path db = dir / "results.sqlite";
  EXPECT_EQ(query(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(query(db, "SELECT count(*) FROM runs WHERE status NOT IN ('passed', 'cancelled')"),
            "0");
  const std::string finished = query(db, "SELECT count(*) FROM runs WHERE status = 'passed'");
  EXPECT_GE(std::stoi(finished), 2);
  EXPECT_LT(std::stoi(finished), 60);
  EXPECT_EQ(query(db,
                  "SELECT count(*) FROM runs r WHERE status = 'passed' AND NOT EXISTS "
                  "(SELECT 1 FROM assertions a WHERE a.run = r.run)"),
            "0");  // no run half-recorded
  const Outcome again =
      edgetwin("sweep " + kCrash + " --seeds 1..60 --jobs 2 --out " + dir.string());
  ASSERT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("runs " + finished + "/60 done"), std::string::npos) << again.out;
  EXPECT_EQ(query(db, "SELECT count(*) FROM runs WHERE status = 'passed'"), "60");
}

}  // namespace
